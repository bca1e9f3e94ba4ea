#pragma once
// Private: the training loss (see segmentation_loss.h) on ATen tensors, differentiable.

#include <ATen/ATen.h>

namespace dinolens::inference::detail {

struct LossTerms {
    at::Tensor total;
    at::Tensor crossEntropy;
    at::Tensor diceLoss;
};

/// logits [B, C, H, W] float, targets [B, H, W] int64, classWeights [C] float (undefined: all 1).
LossTerms segmentationLossTerms(const at::Tensor& logits, const at::Tensor& targets, const at::Tensor& classWeights,
    double crossEntropyWeight, double diceWeight);

} // namespace dinolens::inference::detail
