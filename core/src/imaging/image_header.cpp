#include "image_header.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace dinolens::core {
namespace {

std::uint64_t readUnsigned(std::span<const unsigned char> b, std::size_t offset, int bytes, bool bigEndian)
{
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) {
        const std::uint64_t byte = b[offset + static_cast<std::size_t>(i)];
        v |= bigEndian ? byte << (8 * (bytes - 1 - i)) : byte << (8 * i);
    }
    return v;
}

Error truncated(const std::string& context)
{
    return makeError(ErrorCode::Truncated, "the image header is truncated", context);
}

Result<ImageHeader> pngHeader(std::span<const unsigned char> b, const std::string& context)
{
    if (b.size() < 26 || std::memcmp(b.data() + 12, "IHDR", 4) != 0) {
        return makeError(ErrorCode::InvalidFormat, "PNG without an IHDR chunk first", context);
    }
    ImageHeader h { ImageFormat::Png, static_cast<std::int64_t>(readUnsigned(b, 16, 4, true)),
        static_cast<std::int64_t>(readUnsigned(b, 20, 4, true)), 4, b[24] > 8 ? 2 : 1 };
    return h;
}

bool isStartOfFrame(unsigned char marker)
{
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// Walks the marker segments up to the start of scan: anything but a marker where one must be is refused (libjpeg
// would skip it with a warning and decode whatever follows).
Result<ImageHeader> jpegHeader(std::span<const unsigned char> b, const std::string& context)
{
    std::optional<ImageHeader> header;
    std::size_t at = 2;
    while (true) {
        if (at >= b.size()) {
            return header ? Result<ImageHeader>(makeError(ErrorCode::Truncated, "JPEG without image data", context))
                          : Result<ImageHeader>(truncated(context));
        }
        if (b[at] != 0xFF) {
            return makeError(ErrorCode::InvalidFormat,
                "corrupt JPEG: unexpected bytes between segments at offset " + std::to_string(at), context);
        }
        while (at < b.size() && b[at] == 0xFF) {
            ++at; // fill bytes
        }
        if (at >= b.size()) {
            return truncated(context);
        }
        const unsigned char marker = b[at++];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            continue; // markers without a length
        }
        if (marker == 0x00 || marker == 0xD8 || marker == 0xD9) {
            return makeError(ErrorCode::InvalidFormat, "corrupt JPEG: misplaced marker before the image data", context);
        }
        if (at + 2 > b.size()) {
            return truncated(context);
        }
        const std::size_t length = readUnsigned(b, at, 2, true);
        if (length < 2 || at + length > b.size()) {
            return truncated(context);
        }
        if (isStartOfFrame(marker)) {
            if (length < 8) {
                return makeError(ErrorCode::InvalidFormat, "corrupt JPEG frame header", context);
            }
            header = ImageHeader { ImageFormat::Jpeg, static_cast<std::int64_t>(readUnsigned(b, at + 5, 2, true)),
                static_cast<std::int64_t>(readUnsigned(b, at + 3, 2, true)), b[at + 7], b[at + 2] > 8 ? 2 : 1 };
            if (header->height == 0) {
                return makeError(
                    ErrorCode::UnsupportedFormat, "JPEG whose height follows the image data (DNL)", context);
            }
        }
        if (marker == 0xDA) {
            if (!header) {
                return makeError(ErrorCode::InvalidFormat, "corrupt JPEG: image data before the frame header", context);
            }
            return *header;
        }
        at += length;
    }
}

Result<ImageHeader> bmpHeader(std::span<const unsigned char> b, const std::string& context)
{
    if (b.size() < 26) {
        return truncated(context);
    }
    const auto infoSize = readUnsigned(b, 14, 4, false);
    if (infoSize == 12) { // OS/2 BITMAPCOREHEADER
        return ImageHeader { ImageFormat::Bmp, static_cast<std::int64_t>(readUnsigned(b, 18, 2, false)),
            static_cast<std::int64_t>(readUnsigned(b, 20, 2, false)), 4, 1 };
    }
    if (b.size() < 30) {
        return truncated(context);
    }
    const auto width = static_cast<std::int32_t>(readUnsigned(b, 18, 4, false));
    const auto height = static_cast<std::int32_t>(readUnsigned(b, 22, 4, false));
    // Negative height: rows stored top-down. INT32_MIN has no magnitude in 32 bits; 64-bit abs is exact.
    return ImageHeader { ImageFormat::Bmp, width, std::llabs(static_cast<long long>(height)), 4, 1 };
}

Result<ImageHeader> tiffHeader(std::span<const unsigned char> b, const std::string& context)
{
    const bool big = b[0] == 'M';
    const bool bigTiff = readUnsigned(b, 2, 2, big) == 43;
    const std::size_t entrySize = bigTiff ? 20 : 12;
    const int countBytes = bigTiff ? 8 : 2;
    const std::size_t headerSize = bigTiff ? 16 : 8;
    if (b.size() < headerSize) {
        return truncated(context);
    }
    const std::uint64_t ifd = bigTiff ? readUnsigned(b, 8, 8, big) : readUnsigned(b, 4, 4, big);
    if (ifd > b.size() || b.size() - ifd < static_cast<std::uint64_t>(countBytes)) {
        return truncated(context);
    }
    const std::uint64_t entries = readUnsigned(b, ifd, countBytes, big);
    const std::uint64_t first = ifd + static_cast<std::uint64_t>(countBytes);
    if (entries > (b.size() - first) / entrySize) {
        return truncated(context);
    }
    ImageHeader h { ImageFormat::Tiff, 0, 0, 1, 1 };
    for (std::uint64_t e = 0; e < entries; ++e) {
        const std::size_t at = first + e * entrySize;
        const auto tag = readUnsigned(b, at, 2, big);
        const auto type = readUnsigned(b, at + 2, 2, big);
        const std::size_t valueAt = at + 4 + static_cast<std::size_t>(bigTiff ? 8 : 4);
        const std::uint64_t value = type == 3 ? readUnsigned(b, valueAt, 2, big) : readUnsigned(b, valueAt, 4, big);
        switch (tag) {
        case 256:
            h.width = static_cast<std::int64_t>(value);
            break;
        case 257:
            h.height = static_cast<std::int64_t>(value);
            break;
        case 277:
            h.channels = std::max<std::int64_t>(1, static_cast<std::int64_t>(value));
            break;
        // Several samples keep their sizes elsewhere; 64-bit samples bound every case.
        case 258:
            h.bytesPerSample = 8;
            break;
        default:
            break;
        }
    }
    return h;
}

} // namespace

Result<ImageHeader> readImageHeader(std::span<const unsigned char> b, const std::string& context)
{
    static constexpr unsigned char kPng[] = { 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };
    if (b.size() >= 8 && std::memcmp(b.data(), kPng, 8) == 0) {
        return pngHeader(b, context);
    }
    if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
        return jpegHeader(b, context);
    }
    if (b.size() >= 2 && b[0] == 'B' && b[1] == 'M') {
        return bmpHeader(b, context);
    }
    if (b.size() >= 4
        && ((b[0] == 'I' && b[1] == 'I' && (b[2] == 42 || b[2] == 43) && b[3] == 0)
            || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && (b[3] == 42 || b[3] == 43)))) {
        return tiffHeader(b, context);
    }
    return makeError(ErrorCode::InvalidFormat, "not a PNG, JPEG, BMP or TIFF image (by content)", context);
}

} // namespace dinolens::core
