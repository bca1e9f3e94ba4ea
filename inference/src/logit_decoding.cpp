#include "logit_decoding.h"

#include <cmath>
#include <stdexcept>

namespace dinolens::inference::detail {
namespace {

// planes: C class planes of `pixels` floats each, one after the other.
void decodePlanes(
    const float* planes, int64_t classes, int64_t pixels, uint8_t* ids, float* confidence, float* foreground)
{
    for (int64_t i = 0; i < pixels; ++i) {
        float best = planes[i];
        int64_t chosen = 0;
        for (int64_t c = 1; c < classes; ++c) {
            const float value = planes[c * pixels + i];
            if (value > best) {
                best = value;
                chosen = c;
            }
        }
        ids[i] = static_cast<uint8_t>(chosen);
        if (confidence != nullptr || foreground != nullptr) {
            float sum = 0.0f;
            for (int64_t c = 0; c < classes; ++c) {
                sum += std::exp(planes[c * pixels + i] - best);
            }
            if (confidence != nullptr) {
                confidence[i] = 1.0f / sum;
            }
            if (foreground != nullptr) {
                foreground[i] = 1.0f - std::exp(planes[i] - best) / sum;
            }
        }
    }
}

at::Tensor contiguousFloat(const at::Tensor& logits)
{
    return logits.detach().to(at::kCPU, at::kFloat).contiguous();
}

} // namespace

at::Tensor classIds(const at::Tensor& logits)
{
    if (logits.dim() != 4 || logits.size(1) < 1 || logits.size(1) > 256) {
        throw std::invalid_argument("classIds: logits must be [B, C, H, W] with 1..256 classes");
    }
    const at::Tensor values = contiguousFloat(logits);
    const int64_t batch = values.size(0);
    const int64_t classes = values.size(1);
    const int64_t pixels = values.size(2) * values.size(3);
    at::Tensor ids = at::empty({ batch, values.size(2), values.size(3) }, at::kByte);
    for (int64_t b = 0; b < batch; ++b) {
        decodePlanes(values.data_ptr<float>() + b * classes * pixels, classes, pixels,
            ids.data_ptr<uint8_t>() + b * pixels, nullptr, nullptr);
    }
    return ids;
}

void decodeLogits(const at::Tensor& logits, uint8_t* ids, float* confidence, float* foreground)
{
    if (logits.dim() != 3 || logits.size(0) < 1 || logits.size(0) > 256) {
        throw std::invalid_argument("decodeLogits: logits must be [C, H, W] with 1..256 classes");
    }
    const at::Tensor values = contiguousFloat(logits);
    decodePlanes(
        values.data_ptr<float>(), values.size(0), values.size(1) * values.size(2), ids, confidence, foreground);
}

} // namespace dinolens::inference::detail
