#include "vit_layers.h"

#include <algorithm>
#include <cmath>

#include <ATen/Parallel.h>

#include "gemm.h"

namespace dinolens::inference::detail {

namespace {

void activateInPlace(at::Tensor& tensor, Activation activation)
{
    switch (activation) {
    case Activation::GeluErf:
        at::gelu_(tensor, "none");
        break;
    case Activation::GeluTanh:
        at::gelu_(tensor, "tanh");
        break;
    case Activation::Silu:
        at::silu_(tensor);
        break;
    case Activation::Relu:
        at::relu_(tensor);
        break;
    }
}

// q * cos + rotate_half(q) * sin on the patch tokens only (CLS and registers are not rotated), in place on
// `t`, a [B, T, nh, dh] view into the fused qkv buffer.
void applyRope(const at::Tensor& t, const RopeTables& rope, int64_t prefixTokens)
{
    const int64_t patches = rope.cos.size(0);
    const int64_t half = t.size(-1) / 2;
    at::Tensor grid = t.narrow(1, prefixTokens, patches);
    const at::Tensor cos = rope.cos.view({ patches, 1, -1 });
    const at::Tensor sinSigned = rope.sinSigned.view({ patches, 1, -1 });
    const at::Tensor swapped = at::cat({ grid.narrow(-1, half, half), grid.narrow(-1, 0, half) }, -1);
    at::Tensor rotated = grid * cos;
    rotated.add_(swapped * sinSigned);
    grid.copy_(rotated);
}

int64_t queryBlock(int64_t batchHeads, int64_t tokens, const AttentionSettings& settings)
{
    const int64_t rowBytes = batchHeads * tokens * static_cast<int64_t>(sizeof(float));
    return std::clamp<int64_t>(settings.blockBytes / std::max<int64_t>(rowBytes, 1), 1, tokens);
}

// softmax(q k^T * dh^-0.5) v straight from the fused [B, T, 3, nh, dh] qkv buffer into a [B, T, nh, dh] result,
// without copying q, k or v out. Each task owns one (image, head) pair and walks its queries in blocks of at most
// cacheBlockFloats scores (scores -> softmax -> times v while the block is still in cache), so memory grows with
// the thread count, not with T^2 x heads; each query row is independent, so blocking leaves the numbers alone.
at::Tensor attentionNative(const at::Tensor& heads, double scale, const AttentionSettings& settings)
{
    const int64_t batch = heads.size(0);
    const int64_t tokens = heads.size(1);
    const int64_t numHeads = heads.size(3);
    const int64_t headDim = heads.size(4);
    const int64_t hidden = numHeads * headDim;
    const int64_t rowStride = 3 * hidden;
    const float* base = heads.data_ptr<float>();
    at::Tensor out = at::empty({ batch, tokens, hidden }, heads.options());
    float* outBase = out.data_ptr<float>();
    const int64_t cacheFloats = std::max<int64_t>(settings.cacheBlockFloats, 1);
    // Equal blocks: 257 tokens as 255 + 2 rows would waste a GEMM call on a sliver.
    const int64_t blocks = std::max<int64_t>(1, (tokens * tokens + cacheFloats - 1) / cacheFloats);
    const int64_t block = std::clamp<int64_t>((tokens + blocks - 1) / blocks, 1, tokens);
    at::parallel_for(0, batch * numHeads, 1, [&](int64_t first, int64_t last) {
        at::Tensor scores = at::empty({ block, tokens }, at::kFloat);
        at::Tensor probabilities = at::empty({ block, tokens }, at::kFloat);
        for (int64_t i = first; i < last; ++i) {
            const int64_t b = i / numHeads;
            const int64_t h = i % numHeads;
            const float* image = base + b * tokens * rowStride + h * headDim;
            for (int64_t start = 0; start < tokens; start += block) {
                const int64_t rows = std::min(block, tokens - start);
                at::Tensor blockScores = scores.narrow(0, 0, rows);
                at::Tensor blockProbabilities = probabilities.narrow(0, 0, rows);
                sgemm(true, rows, tokens, headDim, static_cast<float>(scale), image + start * rowStride, rowStride,
                    image + hidden, rowStride, 0.0f, blockScores.data_ptr<float>(), tokens);
                at::_softmax_out(blockProbabilities, blockScores, -1, false);
                sgemm(false, rows, headDim, tokens, 1.0f, blockProbabilities.data_ptr<float>(), tokens,
                    image + 2 * hidden, rowStride, 0.0f, outBase + (b * tokens + start) * hidden + h * headDim, hidden);
            }
        }
    });
    return out;
}

// The same computation with ATen's batched products (CUDA, or a LibTorch without oneDNN).
at::Tensor attentionAten(const at::Tensor& heads, double scale, const AttentionSettings& settings)
{
    const int64_t batch = heads.size(0);
    const int64_t tokens = heads.size(1);
    const int64_t numHeads = heads.size(3);
    const int64_t headDim = heads.size(4);
    const auto split = [&](int64_t index) {
        return heads.select(2, index).permute({ 0, 2, 1, 3 }).reshape({ batch * numHeads, tokens, headDim });
    };
    const at::Tensor q3 = split(0);
    const at::Tensor kT = split(1).transpose(1, 2);
    const at::Tensor v3 = split(2);
    const int64_t block = queryBlock(batch * numHeads, tokens, settings);
    at::Tensor out = at::empty({ batch, tokens, numHeads, headDim }, heads.options());
    for (int64_t start = 0; start < tokens; start += block) {
        const int64_t rows = std::min(block, tokens - start);
        at::Tensor scores = at::bmm(q3.narrow(1, start, rows), kT);
        scores.mul_(scale);
        const at::Tensor result = at::bmm(at::_softmax(scores, -1, false), v3);
        out.narrow(1, start, rows).copy_(result.view({ batch, numHeads, rows, headDim }).permute({ 0, 2, 1, 3 }));
    }
    return out.view({ batch, tokens, numHeads * headDim });
}

at::Tensor runMlp(const BackboneConfig& config, const LayerWeights& layer, const at::Tensor& input)
{
    at::Tensor hidden = linear(input, layer.inWeight, layer.inBias);
    if (config.mlp == MlpKind::Mlp) {
        activateInPlace(hidden, config.activation);
        return linear(hidden, layer.outWeight, layer.outBias);
    }
    const int64_t width = hidden.size(-1) / 2;
    at::Tensor activated = hidden.narrow(-1, 0, width);
    activateInPlace(activated, config.activation);
    activated.mul_(hidden.narrow(-1, width, width));
    return linear(activated, layer.outWeight, layer.outBias);
}

} // namespace

void fuseQkv(LayerWeights& layer, const at::Tensor& q, const at::Tensor& qBias, const at::Tensor& k,
    const at::Tensor& kBias, const at::Tensor& v, const at::Tensor& vBias)
{
    const auto biasOrZero = [&](const at::Tensor& bias) { return bias.defined() ? bias : at::zeros({ q.size(0) }); };
    layer.qkvWeight = at::cat({ q, k, v }, 0);
    layer.qkvBias = at::cat({ biasOrZero(qBias), biasOrZero(kBias), biasOrZero(vBias) }, 0);
}

at::Tensor runBlock(const BackboneConfig& config, const LayerWeights& layer, const at::Tensor& x,
    const RopeTables* rope, const AttentionSettings& settings)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    const int64_t hidden = config.hiddenSize;
    const at::Tensor normed = at::layer_norm(x, { hidden }, layer.norm1Weight, layer.norm1Bias, config.layerNormEps);
    const at::Tensor heads
        = linear(normed, layer.qkvWeight, layer.qkvBias).view({ batch, tokens, 3, config.numHeads, config.headDim() });
    if (rope != nullptr) {
        applyRope(heads.select(2, 0), *rope, config.numPrefixTokens());
        applyRope(heads.select(2, 1), *rope, config.numPrefixTokens());
    }
    // Python evaluates head_dim ** -0.5 in double; the tensor op then uses it as a float scalar.
    const double scale = std::pow(static_cast<double>(config.headDim()), -0.5);
    const at::Tensor context = hasNativeSgemm() && heads.is_cpu() ? attentionNative(heads, scale, settings)
                                                                  : attentionAten(heads, scale, settings);
    const at::Tensor projected = linear(context, layer.projWeight, layer.projBias);
    at::Tensor y = at::addcmul(x, projected, layer.scale1);
    const at::Tensor normed2 = at::layer_norm(y, { hidden }, layer.norm2Weight, layer.norm2Bias, config.layerNormEps);
    y.addcmul_(runMlp(config, layer, normed2), layer.scale2);
    return y;
}

at::Tensor embedPatches(const VitWeights& weights, const at::Tensor& pixels, int64_t patchSize)
{
    // Kept as ATen's convolution (not an im2col GEMM through oneDNN): it is ~0.5% of the FLOPs, and it is the
    // kernel the reference used, so the embedding output matches the golden files bit for bit.
    const at::Tensor maps = at::conv2d(pixels, weights.patchWeight, weights.patchBias, { patchSize, patchSize });
    return maps.flatten(2).transpose(1, 2);
}

void moveWeights(VitWeights& weights, const at::Device& device)
{
    const auto move = [&](at::Tensor& tensor) {
        if (tensor.defined()) {
            tensor = tensor.to(device);
        }
    };
    for (at::Tensor* tensor : { &weights.patchWeight, &weights.patchBias, &weights.clsToken, &weights.registerTokens,
             &weights.positionEmbeddings, &weights.finalNormWeight, &weights.finalNormBias }) {
        move(*tensor);
    }
    for (LayerWeights& layer : weights.layers) {
        for (at::Tensor* tensor : { &layer.norm1Weight, &layer.norm1Bias, &layer.qkvWeight, &layer.qkvBias,
                 &layer.projWeight, &layer.projBias, &layer.scale1, &layer.norm2Weight, &layer.norm2Bias,
                 &layer.inWeight, &layer.inBias, &layer.outWeight, &layer.outBias, &layer.scale2 }) {
            move(*tensor);
        }
    }
}

} // namespace dinolens::inference::detail
