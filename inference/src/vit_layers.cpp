#include "vit_layers.h"

#include <algorithm>
#include <cmath>

namespace dinolens::inference::detail {

namespace {

void activateInPlace(at::Tensor& tensor, Activation activation)
{
    switch (activation) {
    case Activation::GeluErf: at::gelu_(tensor, "none"); break;
    case Activation::GeluTanh: at::gelu_(tensor, "tanh"); break;
    case Activation::Silu: at::silu_(tensor); break;
    case Activation::Relu: at::relu_(tensor); break;
    }
}

// q * cos + rotate_half(q) * sin on the patch tokens only (CLS and registers are not rotated). `t` is a
// contiguous [B, nh, T, dh] tensor updated in place.
void applyRope(at::Tensor& t, const RopeTables& rope, int64_t prefixTokens)
{
    const int64_t patches = rope.cos.size(0);
    const int64_t half = t.size(-1) / 2;
    at::Tensor grid = t.narrow(2, prefixTokens, patches);
    const at::Tensor swapped = at::cat({grid.narrow(-1, half, half), grid.narrow(-1, 0, half)}, -1);
    at::Tensor rotated = grid * rope.cos;
    rotated.add_(swapped * rope.sinSigned);
    grid.copy_(rotated);
}

// softmax(q k^T * dh^-0.5) v over query blocks, written straight into the [B, T, nh, dh] layout that the
// output projection reads. Blocks bound the score buffer to settings.blockBytes; each query row's result is
// independent of the blocking, so blocking does not change the numbers.
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale,
                     const AttentionSettings& settings)
{
    const int64_t batch = q.size(0);
    const int64_t heads = q.size(1);
    const int64_t tokens = q.size(2);
    const int64_t headDim = q.size(3);
    const at::Tensor q3 = q.reshape({batch * heads, tokens, headDim});
    const at::Tensor kT = k.reshape({batch * heads, tokens, headDim}).transpose(1, 2);
    const at::Tensor v3 = v.reshape({batch * heads, tokens, headDim});
    const int64_t rowBytes = batch * heads * tokens * static_cast<int64_t>(sizeof(float));
    const int64_t block = std::clamp<int64_t>(settings.blockBytes / std::max<int64_t>(rowBytes, 1), 1, tokens);
    at::Tensor out = at::empty({batch, tokens, heads, headDim}, q.options());
    for (int64_t start = 0; start < tokens; start += block) {
        const int64_t rows = std::min(block, tokens - start);
        at::Tensor scores = at::bmm(q3.narrow(1, start, rows), kT);
        scores.mul_(scale);
        const at::Tensor probabilities = at::_softmax(scores, -1, false);
        const at::Tensor result = at::bmm(probabilities, v3);
        out.narrow(1, start, rows).copy_(result.view({batch, heads, rows, headDim}).permute({0, 2, 1, 3}));
    }
    return out.view({batch, tokens, heads * headDim});
}

at::Tensor runMlp(const BackboneConfig& config, const LayerWeights& layer, const at::Tensor& input)
{
    at::Tensor hidden = at::linear(input, layer.inWeight, layer.inBias);
    if (config.mlp == MlpKind::Mlp) {
        activateInPlace(hidden, config.activation);
        return at::linear(hidden, layer.outWeight, layer.outBias);
    }
    const int64_t width = hidden.size(-1) / 2;
    at::Tensor activated = hidden.narrow(-1, 0, width);
    activateInPlace(activated, config.activation);
    activated.mul_(hidden.narrow(-1, width, width));
    return at::linear(activated, layer.outWeight, layer.outBias);
}

}  // namespace

void fuseQkv(LayerWeights& layer, const at::Tensor& q, const at::Tensor& qBias, const at::Tensor& k,
             const at::Tensor& kBias, const at::Tensor& v, const at::Tensor& vBias)
{
    const auto biasOrZero = [&](const at::Tensor& bias) { return bias.defined() ? bias : at::zeros({q.size(0)}); };
    layer.qkvWeight = at::cat({q, k, v}, 0);
    layer.qkvBias = at::cat({biasOrZero(qBias), biasOrZero(kBias), biasOrZero(vBias)}, 0);
}

at::Tensor runBlock(const BackboneConfig& config, const LayerWeights& layer, const at::Tensor& x,
                    const RopeTables* rope, const AttentionSettings& settings)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    const int64_t hidden = config.hiddenSize;
    const at::Tensor normed = at::layer_norm(x, {hidden}, layer.norm1Weight, layer.norm1Bias, config.layerNormEps);
    const at::Tensor qkv = at::linear(normed, layer.qkvWeight, layer.qkvBias)
                               .view({batch, tokens, 3, config.numHeads, config.headDim()})
                               .permute({2, 0, 3, 1, 4});
    at::Tensor q = qkv[0].contiguous();
    at::Tensor k = qkv[1].contiguous();
    const at::Tensor v = qkv[2].contiguous();
    if (rope != nullptr) {
        applyRope(q, *rope, config.numPrefixTokens());
        applyRope(k, *rope, config.numPrefixTokens());
    }
    // Python evaluates head_dim ** -0.5 in double; the tensor op then uses it as a float scalar.
    const double scale = std::pow(static_cast<double>(config.headDim()), -0.5);
    const at::Tensor context = attention(q, k, v, scale, settings);
    const at::Tensor projected = at::linear(context, layer.projWeight, layer.projBias);
    at::Tensor y = at::addcmul(x, projected, layer.scale1);
    const at::Tensor normed2 = at::layer_norm(y, {hidden}, layer.norm2Weight, layer.norm2Bias, config.layerNormEps);
    y.addcmul_(runMlp(config, layer, normed2), layer.scale2);
    return y;
}

at::Tensor embedPatches(const VitWeights& weights, const at::Tensor& pixels, int64_t patchSize)
{
    const at::Tensor maps = at::conv2d(pixels, weights.patchWeight, weights.patchBias, {patchSize, patchSize});
    return maps.flatten(2).transpose(1, 2);
}

void moveWeights(VitWeights& weights, const at::Device& device)
{
    const auto move = [&](at::Tensor& tensor) {
        if (tensor.defined()) {
            tensor = tensor.to(device);
        }
    };
    for (at::Tensor* tensor : {&weights.patchWeight, &weights.patchBias, &weights.clsToken, &weights.registerTokens,
                               &weights.positionEmbeddings, &weights.finalNormWeight, &weights.finalNormBias}) {
        move(*tensor);
    }
    for (LayerWeights& layer : weights.layers) {
        for (at::Tensor* tensor : {&layer.norm1Weight, &layer.norm1Bias, &layer.qkvWeight, &layer.qkvBias,
                                   &layer.projWeight, &layer.projBias, &layer.scale1, &layer.norm2Weight,
                                   &layer.norm2Bias, &layer.inWeight, &layer.inBias, &layer.outWeight, &layer.outBias,
                                   &layer.scale2}) {
            move(*tensor);
        }
    }
}

}  // namespace dinolens::inference::detail
