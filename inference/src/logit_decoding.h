#pragma once
// Private: per-pixel decisions from head logits. The class of a pixel is its largest logit (the first on ties,
// as at::argmax) and its confidence that class's softmax probability, 1 / sum_c exp(l_c - l_max). One pass over
// the class planes per pixel: ATen's argmax/max over dim 1 of an NCHW tensor is a strided reduction that costs
// about 25 times more on the CPU and was the largest part of segmenting a 640 x 640 slice.
// Thread-safety: pure functions.

#include <ATen/ATen.h>

#include <cstdint>

namespace dinolens::inference::detail {

/// logits [B, C, H, W] (any device, strides or dtype convertible to float) -> class ids [B, H, W] as uint8 on the
/// CPU. C must be at most 256.
at::Tensor classIds(const at::Tensor& logits);

/// One slice's logits [C, H, W] -> class ids (H x W values written to `ids`) and, when `confidence` is not null,
/// the chosen class's softmax probability per pixel (H x W values); when `foreground` is not null, the probability
/// of any class but 0 (1 - softmax of class 0) per pixel.
void decodeLogits(const at::Tensor& logits, uint8_t* ids, float* confidence, float* foreground = nullptr);

} // namespace dinolens::inference::detail
