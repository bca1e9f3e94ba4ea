#pragma once
// The declared size of a PNG, JPEG, BMP or TIFF file, read from its header before any decoder sees it, so that a
// decompression bomb (a small file declaring huge sides) is refused before allocation. The format is found by its
// magic bytes, never by the file name. Private to core. Thread-safety: pure functions.

#include <cstdint>
#include <span>
#include <string>

#include "dinolens/core/result.h"

namespace dinolens::core {

enum class ImageFormat { Png, Jpeg, Bmp, Tiff };

struct ImageHeader {
    ImageFormat format = ImageFormat::Png;
    std::int64_t width = 0;
    std::int64_t height = 0;
    std::int64_t channels = 1; // samples per pixel as declared (an upper bound for palette images: 4)
    std::int64_t bytesPerSample = 1; // 1, 2 (16-bit) or more
};

/// Parses the header. Errors: InvalidFormat (not one of the four formats, a corrupt header, bytes between JPEG
/// segments), UnsupportedFormat (a JPEG whose height is defined later by a DNL marker), Truncated.
Result<ImageHeader> readImageHeader(std::span<const unsigned char> bytes, const std::string& context);

} // namespace dinolens::core
