#pragma once
// Image -> pixel_values as each model's Hugging Face image processor computes them, plus the MRI path.
//
// DINOv2 (BitImageProcessor): RGB uint8 -> PIL bicubic resize of the short side to 256 (long side truncated,
//   aspect kept; PIL's antialiased fixed-point kernel, reimplemented here bit-exactly) -> centre crop 224
//   (top = (h - 224) / 2, floor) -> x / 255 -> (x - mean) / std.
// DINOv3 (DINOv3ViTImageProcessorFast): RGB uint8 -> float x * (1/255) -> bilinear antialiased resize to exactly
//   224 x 224 (the torchvision / ATen kernel, aspect not kept) -> (x - mean) / std.
// MRI slice: grey values already windowed to [0, 1] (or 8-bit) -> the DINOv3 float path at a chosen working
//   resolution -> replicated to 3 channels -> ImageNet normalisation.
// Output: FloatTensor [1, 3, H, W], channel order RGB, rows top to bottom. Thread-safety: pure functions.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone_config.h"
#include "dinolens/inference/float_tensor.h"

namespace dinolens::inference {

inline constexpr float kImageNetMean[3] = { 0.485f, 0.456f, 0.406f };
inline constexpr float kImageNetStd[3] = { 0.229f, 0.224f, 0.225f };

/// 8-bit RGB image, interleaved, rows top to bottom, no padding.
struct RgbImage {
    int64_t width = 0;
    int64_t height = 0;
    std::vector<uint8_t> pixels; // width * height * 3
};

/// Imaging build only (this and saveRgbImage). Reads an image through core::readRgbPicture: PNG/JPEG/BMP/TIFF (grey and
/// alpha images are converted to RGB, as do_convert_rgb does) or DICOM by content (through DCMTK; its middle slice with
/// its default window). Errors: NotFound, InvalidFormat (not a decodable image), Truncated, TooLarge (declared sides
/// over the limit).
core::Result<RgbImage> loadRgbImage(const std::filesystem::path& path);

/// Writes an RGB image as PNG (or any format OpenCV infers from the extension). Errors: Unwritable.
core::Status saveRgbImage(const std::filesystem::path& path, const RgbImage& image);

/// PIL's Image.resize(..., BICUBIC) on 8-bit RGB: separable, antialiased when shrinking, horizontal pass first,
/// 22-bit fixed-point weights, rounding and clipping to uint8 after each pass.
RgbImage resizePilBicubic(const RgbImage& image, int64_t width, int64_t height);

/// ATen's bilinear antialiased resize (torchvision antialias=True, align_corners=False) of float [C, H, W].
FloatTensor resizeBilinearAntialias(const FloatTensor& image, int64_t height, int64_t width);

/// DINOv2 preprocessing (see above). Errors: InvalidArgument (empty image, crop larger than the resized image).
core::Result<FloatTensor> preprocessDinov2(const RgbImage& image, int64_t shortestEdge = 256, int64_t cropSize = 224);

/// DINOv3 preprocessing (see above). Errors: InvalidArgument (empty image or size).
core::Result<FloatTensor> preprocessDinov3(const RgbImage& image, int64_t height = 224, int64_t width = 224);

/// The preprocessing of `family`'s Hugging Face processor at its default size.
core::Result<FloatTensor> preprocessForFamily(const RgbImage& image, BackboneFamily family);

/// MRI path: `values` (width * height, row-major, already windowed to [0, 1]; values outside are clamped)
/// resized to height x width of the working resolution, replicated to RGB, ImageNet-normalised.
core::Result<FloatTensor> preprocessGreySlice(
    const float* values, int64_t width, int64_t height, int64_t outputHeight, int64_t outputWidth);
/// As above for an 8-bit slice (value / 255).
core::Result<FloatTensor> preprocessGreySlice(
    const uint8_t* values, int64_t width, int64_t height, int64_t outputHeight, int64_t outputWidth);

} // namespace dinolens::inference
