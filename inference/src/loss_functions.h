#pragma once
// Private: the training loss (see segmentation_loss.h) on ATen tensors, differentiable.

#include <ATen/ATen.h>

namespace dinolens::inference::detail {

struct LossTerms {
    at::Tensor total;
    at::Tensor crossEntropy;
    at::Tensor diceLoss;
};

class ProcessGroup;

/// logits [B, C, H, W] float, targets [B, H, W] int64, classWeights [C] float (undefined: all 1).
/// With a `group`, the batch is this rank's share of a global batch: the loss is the global batch's (its sums are
/// added over the ranks) and the gradient is that loss's through this rank's logits (distributed_training.h).
LossTerms segmentationLossTerms(const at::Tensor& logits, const at::Tensor& targets, const at::Tensor& classWeights,
    double crossEntropyWeight, double diceWeight, ProcessGroup* group = nullptr);

} // namespace dinolens::inference::detail
