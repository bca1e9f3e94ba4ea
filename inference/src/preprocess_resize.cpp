// The float paths (DINOv3 and MRI slices) resize with ATen's antialiased bilinear kernel: the very kernel that
// torchvision's resize(antialias=True) calls inside the Hugging Face fast image processor.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>

#include "dinolens/inference/preprocess.h"
#include "tensor_conversion.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

// [C, H, W] in [0, 1] -> resized, normalised [1, 3, h, w]; a single channel is replicated to RGB.
Result<FloatTensor> resizeAndNormalise(const at::Tensor& image, int64_t height, int64_t width)
{
    if (height < 1 || width < 1) {
        return makeError(ErrorCode::InvalidArgument, "output size must be positive");
    }
    try {
        c10::InferenceMode guard;
        at::Tensor resized = image.unsqueeze(0);
        if (image.size(1) != height || image.size(2) != width) {
            resized = at::_upsample_bilinear2d_aa(resized, { height, width }, false);
        }
        if (resized.size(1) == 1) {
            resized = resized.expand({ 1, 3, height, width });
        }
        const at::Tensor mean = at::tensor(at::ArrayRef<float>(kImageNetMean, 3)).view({ 1, 3, 1, 1 });
        const at::Tensor std = at::tensor(at::ArrayRef<float>(kImageNetStd, 3)).view({ 1, 3, 1, 1 });
        return detail::toFloatTensor(resized.sub(mean).div(std));
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("resize failed: ") + error.what());
    }
}

} // namespace

FloatTensor resizeBilinearAntialias(const FloatTensor& image, int64_t height, int64_t width)
{
    c10::InferenceMode guard;
    const at::Tensor input = detail::toTorch(image).unsqueeze(0);
    return detail::toFloatTensor(at::_upsample_bilinear2d_aa(input, { height, width }, false).squeeze(0));
}

Result<FloatTensor> preprocessDinov3(const RgbImage& image, int64_t height, int64_t width)
{
    if (image.width < 1 || image.height < 1
        || image.pixels.size() != static_cast<size_t>(image.width * image.height * 3)) {
        return makeError(ErrorCode::InvalidArgument, "empty image or a buffer that does not match its size");
    }
    c10::InferenceMode guard;
    const at::Tensor bytes
        = at::from_blob(const_cast<uint8_t*>(image.pixels.data()), { image.height, image.width, 3 }, at::kByte);
    // uint8 * (1/255) as torch computes it: in float32, before the resize.
    const at::Tensor scaled = bytes.permute({ 2, 0, 1 }).to(at::kFloat).mul(1.0 / 255.0);
    return resizeAndNormalise(scaled, height, width);
}

Result<FloatTensor> preprocessGreySlice(
    const float* values, int64_t width, int64_t height, int64_t outputHeight, int64_t outputWidth)
{
    if (values == nullptr || width < 1 || height < 1) {
        return makeError(ErrorCode::InvalidArgument, "empty slice");
    }
    c10::InferenceMode guard;
    const at::Tensor slice = at::from_blob(const_cast<float*>(values), { 1, height, width }, at::kFloat);
    return resizeAndNormalise(slice.clamp(0.0, 1.0), outputHeight, outputWidth);
}

Result<FloatTensor> preprocessGreySlice(
    const uint8_t* values, int64_t width, int64_t height, int64_t outputHeight, int64_t outputWidth)
{
    if (values == nullptr || width < 1 || height < 1) {
        return makeError(ErrorCode::InvalidArgument, "empty slice");
    }
    c10::InferenceMode guard;
    const at::Tensor slice = at::from_blob(const_cast<uint8_t*>(values), { 1, height, width }, at::kByte);
    return resizeAndNormalise(slice.to(at::kFloat).mul(1.0 / 255.0), outputHeight, outputWidth);
}

} // namespace dinolens::inference
