#pragma once
// 8-bit pictures encoded as PNG, JPEG, BMP or TIFF bytes, through OpenCV's codecs in their on-demand module
// (src/imaging/image_codecs.h): the one place the project encodes a picture. Thread-safety: reentrant.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

enum class PixelOrder {
    Grey, // one byte per pixel
    Rgb, // three bytes per pixel
    Bgr, // three bytes per pixel, as OpenCV keeps them
};

/// Pixels packed row after row, top to bottom, `width * height * channels` bytes; not owned.
struct PictureView {
    const std::uint8_t* pixels = nullptr;
    int width = 0;
    int height = 0;
    PixelOrder order = PixelOrder::Grey;
};

/// The picture as a file of the format `extension` names (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff").
/// Errors name `context`: InvalidArgument for an empty picture or another extension, Internal when encoding fails.
Result<std::vector<std::uint8_t>> encodePicture(
    const PictureView& picture, const std::string& extension, const std::string& context = {});

/// Writes a 2-D mask's class ids (0..3) as an 8-bit grey PNG, atomically (atomic_file.h).
/// Errors: InvalidArgument (not a valid 2-D mask), Internal (encoding), Unwritable.
Status writeLabelMaskPng(const std::filesystem::path& path, const LabelMask& mask);

} // namespace dinolens::core
