// The training loss as one fused autograd function: 0.4 x class-weighted cross-entropy + 0.6 x soft Dice over
// the softmax of [B, C, H, W] logits at full resolution.
//
// Written by hand because the composite of ATen ops (log_softmax over dim 1, gather, index_add, exp, sums over
// dims 0, 2 and 3) walks the full-resolution tensor some fifteen times in the forward and backward passes, each
// a strided reduction or a zero-filled scatter on the CPU, and was most of a cached-feature epoch. Here the softmax is
// computed plane by plane (vectorised ATen operations), one walk gathers the sums, and the backward pass is one walk
// over the saved probabilities that writes the gradient.
//
// Definitions (as torch.nn.functional): CE = sum_i w[t_i] (-log p_i[t_i]) / sum_i w[t_i];
// Dice_c = (2 I_c + 1) / (P_c + N_c + 1) with I_c = sum_{i: t_i = c} p_i[c], P_c = sum_i p_i[c], N_c = |{i: t_i = c}|;
// DiceLoss = 1 - mean_c Dice_c.
// Gradient per pixel i and class c, with A_k = P_k + N_k + 1 and q_k = -(2 [t_i = k] / A_k - (2 I_k + 1) / A_k^2) / C:
// dCE/dl_c = w[t_i] (p_i[c] - [c = t_i]) / sum w, dDiceLoss/dl_c = p_i[c] (q_c - sum_k p_i[k] q_k).
// Sums are accumulated per image in double and added in image order, so results do not depend on the thread count.
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "loss_functions.h"

namespace dinolens::inference::detail {
namespace {

constexpr double kSmooth = 1.0;

struct ImageSums {
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

struct Softmax {
    at::Tensor probabilities; // [B, C, H, W]
    at::Tensor logNormaliser; // [B, 1, H, W]: log sum_c exp(l_c)
};

Softmax planeSoftmax(const at::Tensor& logits)
{
    const at::Tensor top = logits.amax(1, true);
    const at::Tensor exponentials = (logits - top).exp_();
    const at::Tensor sums = exponentials.sum(1, true);
    return { (exponentials / sums).contiguous(), (top + sums.log()).contiguous() };
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
void writeGradient(const float* p, const int64_t* targets, const float* weights, float crossEntropyScale,
    const std::vector<float>& qBase, const std::vector<float>& qTarget, const Shape& shape, float* gradient)
{
    for (int64_t i = 0; i < shape.pixels; ++i) {
        const int64_t target = targets[i];
        float weighted = p[target * shape.pixels + i] * qTarget[static_cast<size_t>(target)];
        for (int64_t c = 0; c < shape.classes; ++c) {
            weighted += p[c * shape.pixels + i] * qBase[static_cast<size_t>(c)];
        }
        const float ce = crossEntropyScale * weights[target];
        for (int64_t c = 0; c < shape.classes; ++c) {
            const float probability = p[c * shape.pixels + i];
            const bool chosen = c == target;
            const float q = qBase[static_cast<size_t>(c)] + (chosen ? qTarget[static_cast<size_t>(c)] : 0.0f);
            gradient[c * shape.pixels + i] = ce * (probability - (chosen ? 1.0f : 0.0f)) + probability * (q - weighted);
        }
    }
}

void checkInputs(const at::Tensor& logits, const at::Tensor& targets)
{
    if (logits.dim() != 4 || targets.dim() != 3 || targets.size(0) != logits.size(0)
        || targets.size(1) != logits.size(2) || targets.size(2) != logits.size(3)) {
        throw std::invalid_argument("segmentation loss: logits [B, C, H, W] and targets [B, H, W] must agree");
    }
    const int64_t classes = logits.size(1);
    if (targets.numel() > 0 && (targets.min().item<int64_t>() < 0 || targets.max().item<int64_t>() >= classes)) {
        throw std::invalid_argument("segmentation loss: a target class id is out of range");
    }
}

class FusedSegmentationLoss : public torch::autograd::Function<FusedSegmentationLoss> {
public:
    // Returns [total, crossEntropy, diceLoss] as 0-dim tensors.
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* context, const at::Tensor& input,
        const at::Tensor& targetIds, const at::Tensor& classWeights, double crossEntropyWeight, double diceWeight)
    {
        checkInputs(input, targetIds);
        if (classWeights.numel() != input.size(1)) {
            throw std::invalid_argument("segmentation loss: need one class weight per class");
        }
        const at::Tensor logits = input.to(at::kFloat).contiguous();
        const at::Tensor targets = targetIds.to(at::kLong).contiguous();
        const at::Tensor weights = classWeights.to(at::kFloat).contiguous();
        const Shape shape = shapeOf(logits);
        const Softmax softmax = planeSoftmax(logits);
        std::vector<ImageSums> perImage(static_cast<size_t>(shape.batch));
        at::parallel_for(0, shape.batch, 1, [&](int64_t begin, int64_t end) {
            for (int64_t b = begin; b < end; ++b) {
                const int64_t offset = b * shape.classes * shape.pixels;
                perImage[static_cast<size_t>(b)]
                    = imageSums(logits.data_ptr<float>() + offset, softmax.probabilities.data_ptr<float>() + offset,
                        softmax.logNormaliser.data_ptr<float>() + b * shape.pixels,
                        targets.data_ptr<int64_t>() + b * shape.pixels, weights.data_ptr<float>(), shape);
            }
        });
        // Per class: intersection, A = P + N + 1; then the CE numerator and denominator.
        at::Tensor sums = at::zeros({ 2 * shape.classes + 2 }, at::kDouble);
        double* s = sums.data_ptr<double>();
        for (const ImageSums& image : perImage) {
            for (int64_t c = 0; c < shape.classes; ++c) {
                s[c] += image.intersection[static_cast<size_t>(c)];
                s[shape.classes + c] += image.probability[static_cast<size_t>(c)] + image.count[static_cast<size_t>(c)];
            }
            s[2 * shape.classes] += image.weightedNll;
            s[2 * shape.classes + 1] += image.weight;
        }
        double dice = 0.0;
        for (int64_t c = 0; c < shape.classes; ++c) {
            s[shape.classes + c] += kSmooth;
            dice += (2.0 * s[c] + kSmooth) / s[shape.classes + c];
        }
        const double crossEntropy = s[2 * shape.classes] / s[2 * shape.classes + 1];
        const double diceLoss = 1.0 - dice / static_cast<double>(shape.classes);
        context->save_for_backward({ softmax.probabilities, targets, weights, sums });
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
        return { gradient, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor() };
    }
};

} // namespace

LossTerms segmentationLossTerms(const at::Tensor& logits, const at::Tensor& targets, const at::Tensor& classWeights,
    double crossEntropyWeight, double diceWeight)
{
    // Undefined weights mean 1 for every class (an undefined tensor cannot pass through autograd's apply).
    const at::Tensor weights = classWeights.defined() ? classWeights : at::ones({ logits.size(1) }, at::kFloat);
    const torch::autograd::variable_list outputs
        = FusedSegmentationLoss::apply(logits, targets, weights, crossEntropyWeight, diceWeight);
    return { outputs[0], outputs[1], outputs[2] };
}

} // namespace dinolens::inference::detail
