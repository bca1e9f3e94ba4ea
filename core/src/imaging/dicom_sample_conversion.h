#pragma once
// From DICOM samples to the stored values of a Volume: BitsStored masking (real scanners leave junk in the unused
// high bits), sign extension for PixelRepresentation 1, colour to luminance. Private to core.

#include <cstdint>
#include <string>

#include "dicom_pixel_decoder.h"
#include "jpeg2000_decoder.h"

namespace dinolens::core {

struct PixelLayout {
    int rows = 0;
    int columns = 0;
    int frames = 1;
    int bitsAllocated = 16;
    int bitsStored = 16;
    int highBit = 15;
    int pixelRepresentation = 0; // 1 = two's complement signed
    int samplesPerPixel = 1;
    int planarConfiguration = 0; // 0 = RGBRGB..., 1 = RR..GG..BB.. per frame
    std::string photometric;
};

/// Native (uncompressed) samples in host byte order, all frames, into out.voxels / out.pixelType.
void storeNativeSamples(const std::uint8_t* raw, const PixelLayout& layout, DecodedDicom& out);

/// One decoded JPEG 2000 frame (the codestream's own sign and precision win over the DICOM header, which real
/// files get wrong) into frame `frame` of out.voxels.
void storeJpeg2000Frame(const Jpeg2000Image& image, const PixelLayout& layout, DecodedDicom& out, int frame);

} // namespace dinolens::core
