// The training loss as one fused autograd function: 0.4 x class-weighted cross-entropy + 0.6 x soft Dice over
// the softmax of [B, C, H, W] logits at full resolution.
//
// Written by hand because the composite of ATen ops (log_softmax over dim 1, gather, index_add, exp, sums over
// dims 0, 2 and 3) walks the full-resolution tensor some fifteen times in the forward and backward passes, each
// a strided reduction or a zero-filled scatter on the CPU, and was most of a cached-feature epoch. Here the softmax is
// computed plane by plane per image (vectorised exp and log), one walk gathers the sums, and the backward pass writes
// the gradient from the saved probabilities in a few plane loops.
//
// Definitions (as torch.nn.functional): CE = sum_i w[t_i] (-log p_i[t_i]) / sum_i w[t_i];
// Dice_c = (2 I_c + 1) / (P_c + N_c + 1) with I_c = sum_{i: t_i = c} p_i[c], P_c = sum_i p_i[c], N_c = |{i: t_i = c}|;
// DiceLoss = 1 - mean_c Dice_c.
// Gradient per pixel i and class c, with A_k = P_k + N_k + 1 and q_k = -(2 [t_i = k] / A_k - (2 I_k + 1) / A_k^2) / C:
// dCE/dl_c = w[t_i] (p_i[c] - [c = t_i]) / sum w, dDiceLoss/dl_c = p_i[c] (q_c - sum_k p_i[k] q_k).
// Sums are accumulated per image in double and added in image order, so results do not depend on the thread count.
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "loss_functions.h"
#include "process_group.h"

namespace dinolens::inference::detail {
namespace {

constexpr double kSmooth = 1.0;

struct ImageSums {
    bool targetOutOfRange = false;
    double weightedNll = 0.0;
    double weight = 0.0;
    std::vector<double> intersection;
    std::vector<double> probability;
    std::vector<double> count;
};

struct Shape {
    int64_t batch = 0;
    int64_t classes = 0;
    int64_t pixels = 0;
};

Shape shapeOf(const at::Tensor& logits)
{
    return { logits.size(0), logits.size(1), logits.size(2) * logits.size(3) };
}

// One image's softmax, plane by plane: probabilities [C, P] and log sum_c exp(l_c) [P]. Runs inside at::parallel_for,
// where the ATen calls on the image's own planes run on the calling thread (vectorised exp and log).
void imageSoftmax(const float* __restrict logits, const Shape& shape, float* __restrict probabilities,
    float* __restrict logNormaliser)
{
    const int64_t pixels = shape.pixels;
    std::vector<float> top(logits, logits + pixels);
    for (int64_t c = 1; c < shape.classes; ++c) {
        const float* __restrict plane = logits + c * pixels;
        for (int64_t i = 0; i < pixels; ++i) {
            top[static_cast<size_t>(i)] = std::max(top[static_cast<size_t>(i)], plane[i]);
        }
    }
    for (int64_t c = 0; c < shape.classes; ++c) {
        const float* __restrict plane = logits + c * pixels;
        float* __restrict out = probabilities + c * pixels;
        for (int64_t i = 0; i < pixels; ++i) {
            out[i] = plane[i] - top[static_cast<size_t>(i)];
        }
    }
    at::from_blob(probabilities, { shape.classes * pixels }, at::kFloat).exp_();
    std::fill(logNormaliser, logNormaliser + pixels, 0.0f);
    for (int64_t c = 0; c < shape.classes; ++c) {
        const float* __restrict plane = probabilities + c * pixels;
        for (int64_t i = 0; i < pixels; ++i) {
            logNormaliser[i] += plane[i];
        }
    }
    for (int64_t c = 0; c < shape.classes; ++c) {
        float* __restrict plane = probabilities + c * pixels;
        for (int64_t i = 0; i < pixels; ++i) {
            plane[i] /= logNormaliser[i];
        }
    }
    at::from_blob(logNormaliser, { pixels }, at::kFloat).log_();
    for (int64_t i = 0; i < pixels; ++i) {
        logNormaliser[i] += top[static_cast<size_t>(i)];
    }
}

ImageSums imageSums(const float* logits, const float* probabilities, const float* logNormaliser, const int64_t* targets,
    const float* weights, const Shape& shape)
{
    ImageSums sums;
    sums.intersection.assign(static_cast<size_t>(shape.classes), 0.0);
    sums.probability.assign(static_cast<size_t>(shape.classes), 0.0);
    sums.count.assign(static_cast<size_t>(shape.classes), 0.0);
    for (int64_t i = 0; i < shape.pixels; ++i) {
        const int64_t target = targets[i];
        if (target < 0 || target >= shape.classes) {
            sums.targetOutOfRange = true;
            return sums;
        }
        const int64_t at = target * shape.pixels + i;
        const double weight = weights[target];
        sums.weightedNll += weight * (static_cast<double>(logNormaliser[i]) - logits[at]);
        sums.weight += weight;
        sums.intersection[static_cast<size_t>(target)] += probabilities[at];
        sums.count[static_cast<size_t>(target)] += 1.0;
    }
    for (int64_t c = 0; c < shape.classes; ++c) {
        const float* plane = probabilities + c * shape.pixels;
        double total = 0.0;
        for (int64_t i = 0; i < shape.pixels; ++i) {
            total += plane[i];
        }
        sums.probability[static_cast<size_t>(c)] = total;
    }
    return sums;
}

// One image's gradient: g_c = ce w[t] (p_c - [c = t]) + p_c (q_c - sum_k p_k q_k), q_k = qBase_k + [k = t] qTarget_k.
void writeGradient(const float* __restrict p, const int64_t* __restrict targets, const float* __restrict weights,
    float crossEntropyScale, const std::vector<float>& qBase, const std::vector<float>& qTarget, const Shape& shape,
    float* __restrict gradient)
{
    // g_c = p_c (ce + qBase_c - W) + [c = t] (p_t qTarget_t - ce), with W = sum_k p_k qBase_k + p_t qTarget_t.
    const int64_t pixels = shape.pixels;
    std::vector<float> weighted(static_cast<size_t>(pixels));
    std::vector<float> ce(static_cast<size_t>(pixels));
    for (int64_t i = 0; i < pixels; ++i) {
        const int64_t target = targets[i];
        ce[static_cast<size_t>(i)] = crossEntropyScale * weights[target];
        weighted[static_cast<size_t>(i)] = p[target * pixels + i] * qTarget[static_cast<size_t>(target)];
    }
    for (int64_t c = 0; c < shape.classes; ++c) {
        const float* __restrict plane = p + c * pixels;
        const float base = qBase[static_cast<size_t>(c)];
        for (int64_t i = 0; i < pixels; ++i) {
            weighted[static_cast<size_t>(i)] += plane[i] * base;
        }
    }
    for (int64_t c = 0; c < shape.classes; ++c) {
        const float* __restrict plane = p + c * pixels;
        float* __restrict out = gradient + c * pixels;
        const float base = qBase[static_cast<size_t>(c)];
        for (int64_t i = 0; i < pixels; ++i) {
            out[i] = plane[i] * (ce[static_cast<size_t>(i)] + base - weighted[static_cast<size_t>(i)]);
        }
    }
    for (int64_t i = 0; i < pixels; ++i) {
        const int64_t at = targets[i] * pixels + i;
        gradient[at] += p[at] * qTarget[static_cast<size_t>(targets[i])] - ce[static_cast<size_t>(i)];
    }
}

void checkInputs(const at::Tensor& logits, const at::Tensor& targets)
{
    if (logits.dim() != 4 || targets.dim() != 3 || targets.size(0) != logits.size(0)
        || targets.size(1) != logits.size(2) || targets.size(2) != logits.size(3)) {
        throw std::invalid_argument("segmentation loss: logits [B, C, H, W] and targets [B, H, W] must agree");
    }
}

class FusedSegmentationLoss : public torch::autograd::Function<FusedSegmentationLoss> {
public:
    // Returns [total, crossEntropy, diceLoss] as 0-dim tensors.
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* context, const at::Tensor& input,
        const at::Tensor& targetIds, const at::Tensor& classWeights, double crossEntropyWeight, double diceWeight,
        int64_t groupAddress)
    {
        checkInputs(input, targetIds);
        if (classWeights.numel() != input.size(1)) {
            throw std::invalid_argument("segmentation loss: need one class weight per class");
        }
        const at::Tensor logits = input.to(at::kFloat).contiguous();
        const at::Tensor targets = targetIds.to(at::kLong).contiguous();
        const at::Tensor weights = classWeights.to(at::kFloat).contiguous();
        const Shape shape = shapeOf(logits);
        at::Tensor probabilities = at::empty_like(logits);
        at::Tensor logNormaliser = at::empty({ shape.batch, shape.pixels }, at::kFloat);
        std::vector<ImageSums> perImage(static_cast<size_t>(shape.batch));
        at::parallel_for(0, shape.batch, 1, [&](int64_t begin, int64_t end) {
            for (int64_t b = begin; b < end; ++b) {
                const int64_t offset = b * shape.classes * shape.pixels;
                float* normaliser = logNormaliser.data_ptr<float>() + b * shape.pixels;
                imageSoftmax(
                    logits.data_ptr<float>() + offset, shape, probabilities.data_ptr<float>() + offset, normaliser);
                perImage[static_cast<size_t>(b)]
                    = imageSums(logits.data_ptr<float>() + offset, probabilities.data_ptr<float>() + offset, normaliser,
                        targets.data_ptr<int64_t>() + b * shape.pixels, weights.data_ptr<float>(), shape);
            }
        });
        // Per class: intersection, A = P + N + 1; then the CE numerator and denominator.
        at::Tensor sums = at::zeros({ 2 * shape.classes + 2 }, at::kDouble);
        double* s = sums.data_ptr<double>();
        for (const ImageSums& image : perImage) {
            if (image.targetOutOfRange) {
                throw std::invalid_argument("segmentation loss: a target class id is out of range");
            }
            for (int64_t c = 0; c < shape.classes; ++c) {
                s[c] += image.intersection[static_cast<size_t>(c)];
                s[shape.classes + c] += image.probability[static_cast<size_t>(c)] + image.count[static_cast<size_t>(c)];
            }
            s[2 * shape.classes] += image.weightedNll;
            s[2 * shape.classes + 1] += image.weight;
        }
        if (groupAddress != 0) {
            reinterpret_cast<ProcessGroup*>(static_cast<std::uintptr_t>(groupAddress))
                ->allReduceSum(sums, "the loss all-reduce");
        }
        double dice = 0.0;
        for (int64_t c = 0; c < shape.classes; ++c) {
            s[shape.classes + c] += kSmooth;
            dice += (2.0 * s[c] + kSmooth) / s[shape.classes + c];
        }
        const double crossEntropy = s[2 * shape.classes] / s[2 * shape.classes + 1];
        const double diceLoss = 1.0 - dice / static_cast<double>(shape.classes);
        context->save_for_backward({ probabilities, targets, weights, sums });
        context->saved_data["ce"] = crossEntropyWeight;
        context->saved_data["dice"] = diceWeight;
        const auto scalar = [&](double value) { return at::scalar_tensor(value, input.options().dtype(at::kFloat)); };
        return { scalar(crossEntropyWeight * crossEntropy + diceWeight * diceLoss), scalar(crossEntropy),
            scalar(diceLoss) };
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* context, torch::autograd::variable_list outputGradients)
    {
        const auto saved = context->get_saved_variables();
        const at::Tensor& probabilities = saved[0];
        const at::Tensor& targets = saved[1];
        const at::Tensor& weights = saved[2];
        const double* s = saved[3].data_ptr<double>();
        const auto gradientOf
            = [&](size_t k) { return outputGradients[k].defined() ? outputGradients[k].item<double>() : 0.0; };
        const double total = gradientOf(0);
        const double crossEntropyScale
            = (total * context->saved_data["ce"].toDouble() + gradientOf(1)) / s[2 * probabilities.size(1) + 1];
        const double diceScale = total * context->saved_data["dice"].toDouble() + gradientOf(2);
        const Shape shape = shapeOf(probabilities);
        // q_k without the [t = k] part, and that part's coefficient, per class.
        std::vector<float> qBase(static_cast<size_t>(shape.classes));
        std::vector<float> qTarget(static_cast<size_t>(shape.classes));
        for (int64_t c = 0; c < shape.classes; ++c) {
            const double a = s[shape.classes + c];
            const double scale = diceScale / static_cast<double>(shape.classes);
            qBase[static_cast<size_t>(c)] = static_cast<float>(scale * (2.0 * s[c] + kSmooth) / (a * a));
            qTarget[static_cast<size_t>(c)] = static_cast<float>(-scale * 2.0 / a);
        }
        at::Tensor gradient = at::empty_like(probabilities);
        at::parallel_for(0, shape.batch, 1, [&](int64_t begin, int64_t end) {
            for (int64_t b = begin; b < end; ++b) {
                const int64_t offset = b * shape.classes * shape.pixels;
                writeGradient(probabilities.data_ptr<float>() + offset, targets.data_ptr<int64_t>() + b * shape.pixels,
                    weights.data_ptr<float>(), static_cast<float>(crossEntropyScale), qBase, qTarget, shape,
                    gradient.data_ptr<float>() + offset);
            }
        });
        return { gradient, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor() };
    }
};

} // namespace

LossTerms segmentationLossTerms(const at::Tensor& logits, const at::Tensor& targets, const at::Tensor& classWeights,
    double crossEntropyWeight, double diceWeight, ProcessGroup* group)
{
    // Undefined weights mean 1 for every class (an undefined tensor cannot pass through autograd's apply).
    const at::Tensor weights = classWeights.defined() ? classWeights : at::ones({ logits.size(1) }, at::kFloat);
    const torch::autograd::variable_list outputs = FusedSegmentationLoss::apply(logits, targets, weights,
        crossEntropyWeight, diceWeight, static_cast<int64_t>(reinterpret_cast<std::uintptr_t>(group)));
    return { outputs[0], outputs[1], outputs[2] };
}

} // namespace dinolens::inference::detail
