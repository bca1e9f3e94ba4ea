#include "dinolens/core/volume.h"

#include <cmath>
#include <limits>

namespace dinolens::core {

const char* pixelTypeName(PixelType type)
{
    switch (type) {
    case PixelType::Int16:
        return "int16";
    case PixelType::UInt16:
        return "uint16";
    case PixelType::Float32:
        return "float32";
    }
    return "unknown";
}

std::size_t bytesPerVoxel(PixelType type)
{
    return type == PixelType::Float32 ? 4 : 2;
}

std::size_t Volume::voxelCount() const
{
    if (dims[0] <= 0 || dims[1] <= 0 || dims[2] <= 0) {
        return 0;
    }
    return static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]) * static_cast<std::size_t>(dims[2]);
}

double Volume::value(std::size_t index) const
{
    double stored = 0.0;
    switch (pixelType) {
    case PixelType::Int16:
        stored = as<std::int16_t>()[index];
        break;
    case PixelType::UInt16:
        stored = as<std::uint16_t>()[index];
        break;
    case PixelType::Float32:
        stored = as<float>()[index];
        break;
    }
    return stored * rescaleSlope + rescaleIntercept;
}

std::vector<float> Volume::sliceValues(int k) const
{
    const std::size_t n = sliceVoxelCount();
    std::vector<float> out(n);
    const std::size_t base = n * static_cast<std::size_t>(k);
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = static_cast<float>(value(base + i));
    }
    return out;
}

Vec3 Volume::voxelToLps(double i, double j, double k) const
{
    const double d[3] = { i * spacing[0], j * spacing[1], k * spacing[2] };
    Vec3 p = origin;
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            p[r] += direction[r * 3 + c] * d[c];
        }
    }
    return p;
}

std::string Volume::orientationCode() const
{
    // LPS: +x points to patient Left, +y Posterior, +z Superior.
    static constexpr char kPositive[3] = { 'L', 'P', 'S' };
    static constexpr char kNegative[3] = { 'R', 'A', 'I' };
    std::string code;
    for (int c = 0; c < 3; ++c) {
        int best = 0;
        for (int r = 1; r < 3; ++r) {
            if (std::abs(direction[r * 3 + c]) > std::abs(direction[best * 3 + c])) {
                best = r;
            }
        }
        code += direction[best * 3 + c] >= 0 ? kPositive[best] : kNegative[best];
    }
    return code;
}

bool allocateVoxels(Volume& volume, std::size_t maxBytes)
{
    const std::size_t count = volume.voxelCount();
    const std::size_t bytes = bytesPerVoxel(volume.pixelType);
    if (count == 0 || count > maxBytes / bytes) {
        return false;
    }
    volume.voxels.assign(count * bytes, std::byte { 0 });
    return true;
}

} // namespace dinolens::core
