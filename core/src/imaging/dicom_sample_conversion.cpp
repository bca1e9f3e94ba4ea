#include "dicom_sample_conversion.h"

#include <cmath>
#include <cstring>

namespace dinolens::core {
namespace {

// Extracts the BitsStored bits ending at HighBit and sign-extends them when the pixel representation is signed.
struct SampleDecoder {
    int shift = 0;
    std::uint32_t mask = 0;
    std::uint32_t signBit = 0;
    bool isSigned = false;

    explicit SampleDecoder(const PixelLayout& l)
        : shift(l.highBit + 1 - l.bitsStored)
        , mask(l.bitsStored >= 32 ? 0xFFFFFFFFU : ((1U << l.bitsStored) - 1U))
        , signBit(1U << (l.bitsStored - 1))
        , isSigned(l.pixelRepresentation == 1)
    {
    }

    std::int64_t operator()(std::uint32_t raw) const
    {
        const std::uint32_t v = (raw >> shift) & mask;
        if (isSigned && (v & signBit) != 0) {
            return static_cast<std::int64_t>(v) - (static_cast<std::int64_t>(mask) + 1);
        }
        return v;
    }
};

std::uint32_t readSample(const std::uint8_t* raw, std::size_t index, int bytes)
{
    switch (bytes) {
    case 1:
        return raw[index];
    case 2: {
        std::uint16_t v = 0;
        std::memcpy(&v, raw + index * 2, 2);
        return v;
    }
    default: {
        std::uint32_t v = 0;
        std::memcpy(&v, raw + index * 4, 4);
        return v;
    }
    }
}

bool isYbr(const std::string& photometric)
{
    // YBR_ICT and YBR_RCT (JPEG 2000) are already converted to RGB by the decoder.
    return photometric.rfind("YBR_FULL", 0) == 0 || photometric.rfind("YBR_PARTIAL", 0) == 0;
}

// Luminance of one colour pixel (ITU-R BT.601), or the Y sample itself for YBR images.
double luminance(double c0, double c1, double c2, bool ybr)
{
    return ybr ? c0 : 0.299 * c0 + 0.587 * c1 + 0.114 * c2;
}

template <typename T> void store(DecodedDicom& out, std::size_t index, double value)
{
    reinterpret_cast<T*>(out.voxels.data())[index] = static_cast<T>(value);
}

void storeValue(DecodedDicom& out, std::size_t index, double value)
{
    switch (out.pixelType) {
    case PixelType::Int16:
        store<std::int16_t>(out, index, value);
        break;
    case PixelType::UInt16:
        store<std::uint16_t>(out, index, value);
        break;
    case PixelType::Float32:
        store<float>(out, index, value);
        break;
    }
}

void allocate(DecodedDicom& out, PixelType type, const PixelLayout& l)
{
    if (!out.voxels.empty()) {
        return;
    }
    out.pixelType = type;
    const std::size_t count = static_cast<std::size_t>(l.rows) * l.columns * static_cast<std::size_t>(l.frames);
    out.voxels.assign(count * bytesPerVoxel(type), std::byte { 0 });
}

} // namespace

void storeNativeSamples(const std::uint8_t* raw, const PixelLayout& layout, DecodedDicom& out)
{
    const SampleDecoder decode(layout);
    const int bytes = layout.bitsAllocated / 8;
    const bool colour = layout.samplesPerPixel == 3;
    const PixelType type = layout.bitsAllocated == 32  ? PixelType::Float32
        : (layout.pixelRepresentation == 1 && !colour) ? PixelType::Int16
                                                       : PixelType::UInt16;
    allocate(out, type, layout);
    const std::size_t plane = static_cast<std::size_t>(layout.rows) * layout.columns;
    const bool ybr = isYbr(layout.photometric);
    for (std::size_t f = 0; f < static_cast<std::size_t>(layout.frames); ++f) {
        const std::size_t frameBase = f * plane;
        for (std::size_t p = 0; p < plane; ++p) {
            if (!colour) {
                storeValue(out, frameBase + p, static_cast<double>(decode(readSample(raw, frameBase + p, bytes))));
                continue;
            }
            const std::size_t base = frameBase * 3;
            const auto sampleAt = [&](std::size_t c) {
                const std::size_t index = layout.planarConfiguration == 1 ? base + c * plane + p : base + p * 3 + c;
                return static_cast<double>(decode(readSample(raw, index, bytes)));
            };
            storeValue(out, frameBase + p, std::round(luminance(sampleAt(0), sampleAt(1), sampleAt(2), ybr)));
        }
    }
}

void storeJpeg2000Frame(const Jpeg2000Image& image, const PixelLayout& layout, DecodedDicom& out, int frame)
{
    const PixelType type = image.precision > 16     ? PixelType::Float32
        : (image.isSigned && image.components == 1) ? PixelType::Int16
                                                    : PixelType::UInt16;
    allocate(out, type, layout);
    const std::size_t plane = static_cast<std::size_t>(image.width) * image.height;
    const std::size_t frameBase = static_cast<std::size_t>(frame) * plane;
    const bool ybr = isYbr(layout.photometric);
    for (std::size_t p = 0; p < plane; ++p) {
        double v = image.samples[p];
        if (image.components >= 3) {
            v = std::round(luminance(v, image.samples[plane + p], image.samples[2 * plane + p], ybr));
        }
        storeValue(out, frameBase + p, v);
    }
}

} // namespace dinolens::core
