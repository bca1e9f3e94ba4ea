#pragma once
// Private: bilinear upsampling of [B, C, h, w] to [B, C, H, W] as torch's F.interpolate(mode="bilinear",
// align_corners=False) computes it (source index (i + 0.5) * in / out - 0.5, clamped at 0), differentiable.
// Each output row and column reads two input ones, so the forward and backward passes are two-tap loops over
// each plane: ATen's upsample_bilinear2d backward is a slow scatter on the CPU, and dense interpolation matrices
// turned the upsampling into thin matrix products that cost as much as the head's convolutions.
// Thread-safety: pure; planes run in parallel (at::parallel_for), each in a fixed order, so results do not depend
// on the thread count.

#include <ATen/ATen.h>

namespace dinolens::inference::detail {

/// x: float [B, C, h, w] on the CPU -> [B, C, outputHeight, outputWidth].
at::Tensor upsampleBilinear(const at::Tensor& x, int64_t outputHeight, int64_t outputWidth);

} // namespace dinolens::inference::detail
