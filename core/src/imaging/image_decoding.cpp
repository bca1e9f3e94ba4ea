#include "image_decoding.h"

#include <fstream>
#include <vector>

#include "dinolens/core/checked_size.h"
#include "image_codecs.h"
#include "image_header.h"

namespace dinolens::core {
namespace {

Result<std::vector<unsigned char>> readBytes(const std::filesystem::path& path, std::size_t maxBytes)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return makeError(ErrorCode::NotFound, "file does not exist", path.string());
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return makeError(ErrorCode::Unreadable, "cannot read file size: " + ec.message(), path.string());
    }
    if (size > maxBytes) {
        return makeError(ErrorCode::TooLarge, "image file exceeds the memory limit", path.string());
    }
    std::vector<unsigned char> bytes(size);
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        return makeError(ErrorCode::Unreadable, "cannot read file", path.string());
    }
    return bytes;
}

// libjpeg decodes a truncated JPEG into a grey-padded image with only a warning; a clinical viewer must not show
// that as if it were the real picture.
bool jpegIsComplete(const std::vector<unsigned char>& bytes)
{
    std::size_t end = bytes.size();
    while (end > 0 && bytes[end - 1] == 0) {
        --end;
    }
    return end >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[end - 2] == 0xFF && bytes[end - 1] == 0xD9;
}

} // namespace

Result<cv::Mat> decodeImageFile(const std::filesystem::path& path, int flags, std::size_t maxBytes)
{
    auto bytes = readBytes(path, maxBytes);
    if (!bytes) {
        return bytes.error();
    }
    auto header = readImageHeader(*bytes, path.string());
    if (!header) {
        return header.error();
    }
    // The decoded image and one converted copy must fit.
    auto needed = checkedBytes({ header->width, header->height, header->channels, header->bytesPerSample, 2 }, maxBytes,
        "image of " + std::to_string(header->width) + " x " + std::to_string(header->height), path.string());
    if (!needed) {
        return needed.error();
    }
    if (header->format == ImageFormat::Jpeg && !jpegIsComplete(*bytes)) {
        return makeError(
            ErrorCode::Truncated, "JPEG data is truncated or corrupt (no end-of-image marker)", path.string());
    }
    auto image = decodeImageBytes(*bytes, flags, path.string());
    if (image && image->empty()) {
        return makeError(ErrorCode::InvalidFormat, "cannot decode image (corrupt or not an image)", path.string());
    }
    return image;
}

} // namespace dinolens::core
