#pragma once
// Private: random augmentation of a training batch in pixel space: horizontal flip (p 0.5), rotation (+-10 deg)
// and scaling (0.9-1.1) applied to image and mask together (bilinear / nearest), then brightness (+-0.1) and
// contrast (x0.85-1.15) jitter of the image. Parameters come from the caller's generator (reproducible).

#include <ATen/ATen.h>

#include <random>

namespace dinolens::inference::detail {

struct AugmentedBatch {
    at::Tensor grey; // [B, 1, H, W] in [0, 1]
    at::Tensor masks; // [B, H, W] int64
};

AugmentedBatch augmentBatch(const at::Tensor& grey, const at::Tensor& masks, std::mt19937_64& random);

/// grey [B, 1, H, W] -> ImageNet-normalised pixel_values [B, 3, H, W].
at::Tensor greyToPixels(const at::Tensor& grey);

} // namespace dinolens::inference::detail
