// DINOv3 as Hugging Face's DINOv3ViTModel computes it (see docs/model-reference.md).
#include "dinov3_backbone.h"

#include <cmath>
#include <string>

namespace dinolens::inference::detail::dinov3 {

namespace {

std::string layerKey(int64_t index, const std::string& suffix)
{
    return "layer." + std::to_string(index) + "." + suffix;
}

void addLayerKeys(const BackboneConfig& config, int64_t index, std::vector<ExpectedTensor>& keys)
{
    const int64_t d = config.hiddenSize;
    const int64_t width = config.intermediateSize;
    const auto add = [&](const std::string& suffix, std::vector<int64_t> shape) {
        keys.push_back({layerKey(index, suffix), std::move(shape)});
    };
    for (const char* norm : {"norm1", "norm2"}) {
        add(std::string(norm) + ".weight", {d});
        add(std::string(norm) + ".bias", {d});
    }
    const std::pair<const char*, bool> projections[] = {
        {"q_proj", config.queryBias}, {"k_proj", config.keyBias},
        {"v_proj", config.valueBias}, {"o_proj", config.projectionBias}};
    for (const auto& [name, hasBias] : projections) {
        add(std::string("attention.") + name + ".weight", {d, d});
        if (hasBias) {
            add(std::string("attention.") + name + ".bias", {d});
        }
    }
    add("layer_scale1.lambda1", {d});
    add("layer_scale2.lambda1", {d});
    std::vector<std::pair<std::string, std::vector<int64_t>>> mlp = {{"up_proj", {width, d}},
                                                                      {"down_proj", {d, width}}};
    if (config.mlp == MlpKind::Gated) {
        mlp.push_back({"gate_proj", {width, d}});
    }
    for (const auto& [name, shape] : mlp) {
        add("mlp." + name + ".weight", shape);
        if (config.mlpBias) {
            add("mlp." + name + ".bias", {shape[0]});
        }
    }
}

LayerWeights assembleLayer(const BackboneConfig& config, int64_t index, TensorMap& tensors)
{
    const auto get = [&](const std::string& suffix) { return take(tensors, layerKey(index, suffix)); };
    const auto getOptional = [&](const std::string& suffix) {
        const std::string key = layerKey(index, suffix);
        return tensors.count(key) != 0 ? take(tensors, key) : at::Tensor();
    };
    LayerWeights layer;
    layer.norm1Weight = get("norm1.weight");
    layer.norm1Bias = get("norm1.bias");
    fuseQkv(layer, get("attention.q_proj.weight"), getOptional("attention.q_proj.bias"),
            get("attention.k_proj.weight"), getOptional("attention.k_proj.bias"), get("attention.v_proj.weight"),
            getOptional("attention.v_proj.bias"));
    layer.projWeight = get("attention.o_proj.weight");
    layer.projBias = getOptional("attention.o_proj.bias");
    layer.scale1 = get("layer_scale1.lambda1");
    layer.norm2Weight = get("norm2.weight");
    layer.norm2Bias = get("norm2.bias");
    at::Tensor upWeight = get("mlp.up_proj.weight");
    at::Tensor upBias = getOptional("mlp.up_proj.bias");
    if (config.mlp == MlpKind::Gated) {
        // One GEMM for both: [gate | up], the activated half first, as the SwiGLU path expects.
        layer.inWeight = at::cat({get("mlp.gate_proj.weight"), upWeight}, 0);
        const at::Tensor gateBias = getOptional("mlp.gate_proj.bias");
        layer.inBias = upBias.defined() ? at::cat({gateBias, upBias}, 0) : at::Tensor();
    } else {
        layer.inWeight = upWeight;
        layer.inBias = upBias;
    }
    layer.outWeight = get("mlp.down_proj.weight");
    layer.outBias = getOptional("mlp.down_proj.bias");
    layer.scale2 = get("layer_scale2.lambda1");
    return layer;
}

}  // namespace

std::vector<ExpectedTensor> expectedTensors(const BackboneConfig& config)
{
    const int64_t d = config.hiddenSize;
    std::vector<ExpectedTensor> keys = {
        {"embeddings.cls_token", {1, 1, d}},
        {"embeddings.patch_embeddings.weight", {d, config.numChannels, config.patchSize, config.patchSize}},
        {"embeddings.patch_embeddings.bias", {d}},
        {"norm.weight", {d}},
        {"norm.bias", {d}},
    };
    if (config.numRegisterTokens > 0) {
        keys.push_back({"embeddings.register_tokens", {1, config.numRegisterTokens, d}});
    }
    for (int64_t index = 0; index < config.numLayers; ++index) {
        addLayerKeys(config, index, keys);
    }
    return keys;
}

VitWeights assemble(const BackboneConfig& config, TensorMap& tensors)
{
    VitWeights weights;
    weights.clsToken = take(tensors, "embeddings.cls_token");
    weights.patchWeight = take(tensors, "embeddings.patch_embeddings.weight");
    weights.patchBias = take(tensors, "embeddings.patch_embeddings.bias");
    weights.finalNormWeight = take(tensors, "norm.weight");
    weights.finalNormBias = take(tensors, "norm.bias");
    if (config.numRegisterTokens > 0) {
        weights.registerTokens = take(tensors, "embeddings.register_tokens");
    }
    for (int64_t index = 0; index < config.numLayers; ++index) {
        weights.layers.push_back(assembleLayer(config, index, tensors));
    }
    return weights;
}

RopeTables ropeTables(const BackboneConfig& config, int64_t gridHeight, int64_t gridWidth,
                      const at::TensorOptions& options)
{
    // The same float32 operations, in the same order, as DINOv3ViTRopePositionEmbedding, computed on the CPU.
    const at::TensorOptions cpu = at::TensorOptions(at::kFloat);
    const double headDim = static_cast<double>(config.headDim());
    const at::Tensor exponents = at::arange(0.0, 1.0, 4.0 / headDim, cpu);
    const at::Tensor inverseFrequency = at::reciprocal(at::pow(config.ropeTheta, exponents));
    const at::Tensor rows = at::arange(0.5, static_cast<double>(gridHeight), 1.0, cpu).div(gridHeight);
    const at::Tensor columns = at::arange(0.5, static_cast<double>(gridWidth), 1.0, cpu).div(gridWidth);
    const std::vector<at::Tensor> mesh = at::meshgrid({rows, columns}, "ij");
    const at::Tensor coordinates = at::stack({mesh[0], mesh[1]}, -1).flatten(0, 1).mul(2.0).sub(1.0);
    const at::Tensor angles = coordinates.unsqueeze(-1).mul(2.0 * M_PI).mul(inverseFrequency.view({1, 1, -1}));
    const at::Tensor tiled = angles.flatten(1, 2).repeat({1, 2});
    RopeTables tables;
    tables.cos = at::cos(tiled).to(options);
    tables.sin = at::sin(tiled).to(options);
    const int64_t half = tables.sin.size(1) / 2;
    tables.sinSigned = at::cat({tables.sin.narrow(1, 0, half).neg(), tables.sin.narrow(1, half, half)}, 1);
    return tables;
}

at::Tensor embed(const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels)
{
    const int64_t batch = pixels.size(0);
    std::vector<at::Tensor> parts = {weights.clsToken.expand({batch, 1, config.hiddenSize})};
    if (config.numRegisterTokens > 0) {
        parts.push_back(weights.registerTokens.expand({batch, config.numRegisterTokens, config.hiddenSize}));
    }
    parts.push_back(embedPatches(weights, pixels, config.patchSize));
    return at::cat(parts, 1);
}

}  // namespace dinolens::inference::detail::dinov3
