#pragma once
// Decoding the pixel data of one DICOM file (all frames) to stored values: BitsStored masking, sign extension for
// PixelRepresentation 1, colour to luminance, every transfer syntax DCMTK decodes plus JPEG 2000 via OpenJPEG.
// Private to core. Thread-safety: reentrant; decode different files on different threads.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

struct DecodedDicom {
    PixelType pixelType = PixelType::UInt16;
    int rows = 0;
    int columns = 0;
    int frames = 1;
    std::vector<std::byte> voxels; // frames * rows * columns values of pixelType, columns fastest
    double rescaleSlope = 1.0;
    double rescaleIntercept = 0.0;
    bool monochrome1 = false;
    std::vector<WindowLevel> windows;
    // Geometry (LPS mm) as the file states it.
    std::array<double, 2> pixelSpacing { 1.0, 1.0 }; // between rows, between columns (DICOM order)
    bool hasPixelSpacing = false;
    std::optional<double> sliceThickness;
    std::optional<double> spacingBetweenSlices;
    std::optional<std::array<double, 6>> orientation;
    std::vector<std::optional<Vec3>> framePositions; // one per frame
    std::string sopInstanceUid;
    int instanceNumber = 0;
};

/// Decodes a file. A header whose image would exceed `maxBytes` decoded is refused before allocation.
Result<DecodedDicom> decodeDicomFile(const std::string& path, std::size_t maxBytes);

} // namespace dinolens::core
