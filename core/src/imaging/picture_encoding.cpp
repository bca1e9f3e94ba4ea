#include "dinolens/core/picture_encoding.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <opencv2/imgproc.hpp>

#include "dinolens/core/atomic_file.h"
#include "image_codecs.h"

namespace dinolens::core {

Result<std::vector<std::uint8_t>> encodePicture(
    const PictureView& picture, const std::string& extension, const std::string& context)
{
    std::string lower = extension;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    constexpr std::array<const char*, 6> kExtensions { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff" };
    if (std::find(kExtensions.begin(), kExtensions.end(), lower) == kExtensions.end()) {
        return makeError(ErrorCode::InvalidArgument,
            "cannot write a picture as '" + extension + "' (use .png, .jpg, .bmp or .tif)", context);
    }
    if (picture.pixels == nullptr || picture.width <= 0 || picture.height <= 0) {
        return makeError(ErrorCode::InvalidArgument, "the picture is empty", context);
    }
    const int type = picture.order == PixelOrder::Grey ? CV_8UC1 : CV_8UC3;
    const cv::Mat view(picture.height, picture.width, type, const_cast<std::uint8_t*>(picture.pixels));
    if (picture.order != PixelOrder::Rgb) {
        return encodeImageBytes(lower, view, context);
    }
    cv::Mat bgr;
    cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
    return encodeImageBytes(lower, bgr, context);
}

Status writeLabelMaskPng(const std::filesystem::path& path, const LabelMask& mask)
{
    if (!mask.isValid() || mask.depth() != 1) {
        return makeError(ErrorCode::InvalidArgument, "mask must be a valid 2-D mask", path.string());
    }
    const auto bytes
        = encodePicture({ mask.labels.data(), mask.width(), mask.height(), PixelOrder::Grey }, ".png", path.string());
    if (!bytes) {
        return bytes.error();
    }
    return writeFileAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

} // namespace dinolens::core
