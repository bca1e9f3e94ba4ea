#pragma once
// Private: pixel counts behind the pooled Dice per class that training and validation report (trainer.h): the
// intersection, predicted and true pixels of each class summed over every image of an epoch or a split.

#include <ATen/ATen.h>

#include <array>
#include <cmath>

#include "logit_decoding.h"

namespace dinolens::inference::detail {

struct DiceCounts {
    std::array<double, 4> intersection {};
    std::array<double, 4> predicted {};
    std::array<double, 4> truth {};

    /// labels, targets: [B, H, W] int64 class ids 0..3.
    void addLabels(const at::Tensor& labels, const at::Tensor& targets)
    {
        // One pass: a 4 x 4 confusion of truth x prediction over the batch's pixels.
        const at::Tensor pairs = (targets * 4 + labels).reshape({ -1 });
        const at::Tensor confusion = at::bincount(pairs, {}, 16).to(at::kDouble).contiguous();
        const double* counts = confusion.data_ptr<double>();
        for (size_t truthClass = 0; truthClass < 4; ++truthClass) {
            for (size_t predictedClass = 0; predictedClass < 4; ++predictedClass) {
                const double count = counts[truthClass * 4 + predictedClass];
                truth[truthClass] += count;
                predicted[predictedClass] += count;
                intersection[truthClass] += truthClass == predictedClass ? count : 0.0;
            }
        }
    }
    /// logits [B, 4, H, W]: argmax predictions.
    void add(const at::Tensor& logits, const at::Tensor& targets)
    {
        addLabels(classIds(logits).to(at::kLong), targets);
    }

    /// Per class; NaN for a class absent from both truth and predictions.
    std::array<double, 4> dice() const
    {
        std::array<double, 4> result {};
        for (size_t c = 0; c < 4; ++c) {
            const double total = predicted[c] + truth[c];
            result[c] = total > 0.0 ? 2.0 * intersection[c] / total : std::nan("");
        }
        return result;
    }
};

} // namespace dinolens::inference::detail
