#pragma once
// An image volume as loaded from DICOM, NIfTI or a plain image. Voxels keep their stored type (int16, uint16 or
// float32); real-world values are stored * rescaleSlope + rescaleIntercept.
// Geometry is patient LPS in millimetres (DICOM convention): voxel (i, j, k) (column, row, slice) has its centre
// at origin + direction * diag(spacing) * (i, j, k). NIfTI's RAS is converted on load.
// Ownership: a Volume owns its voxel buffer; copies are deep. Thread-safety: a const Volume may be read from
// several threads at once.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace dinolens::core {

enum class PixelType { Int16, UInt16, Float32 };

const char* pixelTypeName(PixelType type);
std::size_t bytesPerVoxel(PixelType type);

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<double, 9>; // row-major; column c is the LPS direction of voxel axis c

/// Window centre and width in real-world units (DICOM PS3.3 C.11.2.1.2 convention).
struct WindowLevel {
    double center = 0.0;
    double width = 1.0;
    std::string name; // "DICOM 1", "Auto", a preset name...
};

/// Per-slice metadata (one per k index).
struct SliceInfo {
    std::string sourceFile;
    std::string sopInstanceUid;
    int instanceNumber = 0;
    int frameIndex = 0; // frame within a multi-frame file
    std::optional<Vec3> position; // ImagePositionPatient (LPS mm) when the source has it
};

struct Volume {
    PixelType pixelType = PixelType::Float32;
    std::array<int, 3> dims { 0, 0, 0 }; // columns (i), rows (j), slices (k)
    Vec3 spacing { 1.0, 1.0, 1.0 }; // mm along i, j, k
    Vec3 origin { 0.0, 0.0, 0.0 }; // LPS mm of the centre of voxel (0,0,0)
    Mat3 direction { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    double rescaleSlope = 1.0;
    double rescaleIntercept = 0.0;
    bool monochrome1 = false; // display inverted (low values white)
    std::vector<WindowLevel> windows; // windows from the source (DICOM tags); may be empty
    std::vector<SliceInfo> slices; // dims[2] entries
    std::vector<std::byte> voxels; // dims[0]*dims[1]*dims[2]*bytesPerVoxel, i fastest

    std::size_t voxelCount() const;
    std::size_t sliceVoxelCount() const { return static_cast<std::size_t>(dims[0]) * dims[1]; }
    bool empty() const { return voxelCount() == 0; }

    /// Real-world value of voxel `index` (i + dims[0] * (j + dims[1] * k)).
    double value(std::size_t index) const;
    /// Real-world values of slice k as float (length dims[0] * dims[1]).
    std::vector<float> sliceValues(int k) const;
    /// LPS position (mm) of the centre of voxel (i, j, k).
    Vec3 voxelToLps(double i, double j, double k) const;
    /// Three-letter orientation code of the voxel axes, e.g. "LPS", "RAI" (letter each axis points towards).
    std::string orientationCode() const;

    template <typename T> std::span<const T> as() const
    {
        return { reinterpret_cast<const T*>(voxels.data()), voxels.size() / sizeof(T) };
    }
    template <typename T> std::span<T> as()
    {
        return { reinterpret_cast<T*>(voxels.data()), voxels.size() / sizeof(T) };
    }
};

/// Allocates the voxel buffer of a volume whose dims and pixelType are set, refusing more than maxBytes
/// (the memory bound for untrusted headers). Returns false when over the limit; nothing is allocated then.
bool allocateVoxels(Volume& volume, std::size_t maxBytes);

/// Default memory bound for one decoded volume (2 GiB).
inline constexpr std::size_t kDefaultMaxVolumeBytes = std::size_t { 2 } << 30;

} // namespace dinolens::core
