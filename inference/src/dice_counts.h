#pragma once
// Private: pixel counts behind the pooled Dice per class that training and validation report (trainer.h): the
// intersection, predicted and true pixels of each class summed over every image of an epoch or a split.

#include <ATen/ATen.h>

#include <array>
#include <cmath>
#include <cstdint>

#include "logit_decoding.h"

namespace dinolens::inference::detail {

struct DiceCounts {
    std::array<double, 4> intersection {};
    std::array<double, 4> predicted {};
    std::array<double, 4> truth {};

    /// labels: [B, H, W] uint8 class ids 0..3 (classIds()); targets: [B, H, W] integer class ids 0..3.
    void addLabels(const at::Tensor& labels, const at::Tensor& targets)
    {
        // One pass: a 4 x 4 confusion of truth x prediction over the batch's pixels.
        const at::Tensor predictedIds = labels.to(at::kByte).contiguous();
        const at::Tensor truthIds = targets.to(at::kLong).contiguous();
        const uint8_t* prediction = predictedIds.data_ptr<uint8_t>();
        const int64_t* truthClass = truthIds.data_ptr<int64_t>();
        std::array<int64_t, 16> confusion {};
        for (int64_t i = 0; i < truthIds.numel(); ++i) {
            ++confusion[static_cast<size_t>((truthClass[i] & 3) * 4 + (prediction[i] & 3))];
        }
        for (size_t t = 0; t < 4; ++t) {
            for (size_t p = 0; p < 4; ++p) {
                const auto count = static_cast<double>(confusion[t * 4 + p]);
                truth[t] += count;
                predicted[p] += count;
                intersection[t] += t == p ? count : 0.0;
            }
        }
    }
    /// logits [B, 4, H, W]: argmax predictions.
    void add(const at::Tensor& logits, const at::Tensor& targets) { addLabels(classIds(logits), targets); }

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
