#pragma once
// The training loss of the study: crossEntropyWeight x class-weighted cross-entropy + diceWeight x soft Dice
// (0.4 and 0.6 by default), plus the class weights from pixel frequencies.
//
// Cross-entropy: weighted mean, sum_i w[y_i] * -log p_i[y_i] / sum_i w[y_i] (PyTorch's convention).
// Soft Dice loss: 1 - mean over classes c of (2 sum p_c g_c + 1) / (sum p_c + sum g_c + 1), sums over the whole
// batch, p = softmax(logits), g = one-hot targets; a class absent from both counts as perfect (1).
// Thread-safety: pure functions.

#include <cstdint>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"

namespace dinolens::inference {

struct SegmentationLossValue {
    double total = 0.0;
    double crossEntropy = 0.0;
    double diceLoss = 0.0;
};

struct SegmentationLossWeights {
    std::vector<float> classWeights; // one per class; empty = all 1
    double crossEntropyWeight = 0.4;
    double diceWeight = 0.6;
};

/// Loss of logits [B, C, H, W] against targets (B * H * W class ids, row-major). Errors: InvalidArgument (shape,
/// a target id >= C, a class weight count other than C).
core::Result<SegmentationLossValue> segmentationLoss(
    const FloatTensor& logits, const std::vector<uint8_t>& targets, const SegmentationLossWeights& weights = {});

/// Normalised inverse frequency: w_c = N / (C * n_c) with N the pixel total and C the class count; a class with
/// no pixel gets weight 0 (nothing to learn from it). All zero when N = 0.
std::vector<float> classWeightsFromCounts(const std::vector<int64_t>& pixelCounts);

} // namespace dinolens::inference
