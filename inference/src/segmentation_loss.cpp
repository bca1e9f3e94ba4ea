#include "dinolens/inference/segmentation_loss.h"

#include <ATen/core/grad_mode.h>

#include "loss_functions.h"
#include "tensor_conversion.h"

namespace dinolens::inference {

core::Result<SegmentationLossValue> segmentationLoss(
    const FloatTensor& logits, const std::vector<uint8_t>& targets, const SegmentationLossWeights& weights)
{
    using core::ErrorCode;
    if (logits.dim() != 4 || !logits.consistent()
        || static_cast<int64_t>(targets.size()) != logits.size(0) * logits.size(2) * logits.size(3)) {
        return core::makeError(ErrorCode::InvalidArgument,
            "logits must be [B, C, H, W] with B * H * W targets, got " + logits.shapeString());
    }
    const int64_t classes = logits.size(1);
    for (uint8_t target : targets) {
        if (target >= classes) {
            return core::makeError(
                ErrorCode::InvalidArgument, "target class id " + std::to_string(target) + " is out of range");
        }
    }
    if (!weights.classWeights.empty() && static_cast<int64_t>(weights.classWeights.size()) != classes) {
        return core::makeError(ErrorCode::InvalidArgument, "need one class weight per class");
    }
    try {
        at::NoGradGuard noGrad;
        const at::Tensor target = at::from_blob(
            const_cast<uint8_t*>(targets.data()), { logits.size(0), logits.size(2), logits.size(3) }, at::kByte)
                                      .to(at::kLong);
        at::Tensor classWeights;
        if (!weights.classWeights.empty()) {
            classWeights = at::tensor(at::ArrayRef<float>(weights.classWeights));
        }
        const detail::LossTerms terms = detail::segmentationLossTerms(
            detail::toTorch(logits), target, classWeights, weights.crossEntropyWeight, weights.diceWeight);
        return SegmentationLossValue { terms.total.item<double>(), terms.crossEntropy.item<double>(),
            terms.diceLoss.item<double>() };
    } catch (const std::exception& error) {
        return core::makeError(ErrorCode::Internal, std::string("loss failed: ") + error.what());
    }
}

std::vector<float> classWeightsFromCounts(const std::vector<int64_t>& pixelCounts)
{
    int64_t total = 0;
    for (int64_t count : pixelCounts) {
        total += count;
    }
    std::vector<float> weights(pixelCounts.size(), 0.0f);
    for (size_t c = 0; c < pixelCounts.size(); ++c) {
        if (total > 0 && pixelCounts[c] > 0) {
            weights[c] = static_cast<float>(static_cast<double>(total)
                / (static_cast<double>(pixelCounts.size()) * static_cast<double>(pixelCounts[c])));
        }
    }
    return weights;
}

} // namespace dinolens::inference
