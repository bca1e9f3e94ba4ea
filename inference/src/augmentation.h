#pragma once
// Private: random augmentation of a training batch in pixel space: horizontal flip (p 0.5), rotation (+-10 deg)
// and scaling (0.9-1.1) applied to image and mask together (bilinear / nearest), then brightness (+-0.1) and
// contrast (x0.85-1.15) jitter of the image. Parameters come from the caller's generator (reproducible).
//
// `mri` adds what varies between MRI scanners and protocols, each drawn per image: a wider geometry (rotation
// +-15 deg, scale 0.8-1.2), gamma 0.7-1.5, a smooth multiplicative bias field (a second-order polynomial in x and y,
// exp of up to +-0.3), lower acquired resolution (p 0.25: down to 0.4-0.9 of the side and back, bilinear), Gaussian
// blur (p 0.2, sigma 0.5-1.2 px) and Gaussian noise (p 0.3, sigma 0.01-0.05).

#include <ATen/ATen.h>

#include <random>

namespace dinolens::inference::detail {

struct AugmentedBatch {
    at::Tensor grey; // [B, 1, H, W] in [0, 1]
    at::Tensor masks; // [B, H, W] int64
};

AugmentedBatch augmentBatch(const at::Tensor& grey, const at::Tensor& masks, std::mt19937_64& random, bool mri = false);

/// grey [B, 1, H, W] -> ImageNet-normalised pixel_values [B, 3, H, W].
at::Tensor greyToPixels(const at::Tensor& grey);

} // namespace dinolens::inference::detail
