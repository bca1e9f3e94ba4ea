// DINOv2 as Hugging Face's Dinov2Model computes it (see docs/model-reference.md).
#include "dinov2_backbone.h"

#include <cmath>
#include <string>

namespace dinolens::inference::detail::dinov2 {

namespace {

std::string layerKey(int64_t index, const std::string& suffix)
{
    return "encoder.layer." + std::to_string(index) + "." + suffix;
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
    for (const char* projection : {"query", "key", "value"}) {
        add(std::string("attention.attention.") + projection + ".weight", {d, d});
        if (config.queryBias) {  // qkv_bias covers all three
            add(std::string("attention.attention.") + projection + ".bias", {d});
        }
    }
    add("attention.output.dense.weight", {d, d});
    add("attention.output.dense.bias", {d});
    add("layer_scale1.lambda1", {d});
    add("layer_scale2.lambda1", {d});
    if (config.mlp == MlpKind::SwiGlu) {
        add("mlp.weights_in.weight", {2 * width, d});
        add("mlp.weights_in.bias", {2 * width});
        add("mlp.weights_out.weight", {d, width});
        add("mlp.weights_out.bias", {d});
    } else {
        add("mlp.fc1.weight", {width, d});
        add("mlp.fc1.bias", {width});
        add("mlp.fc2.weight", {d, width});
        add("mlp.fc2.bias", {d});
    }
}

at::Tensor takeOptional(TensorMap& tensors, const std::string& name)
{
    return tensors.count(name) != 0 ? take(tensors, name) : at::Tensor();
}

LayerWeights assembleLayer(const BackboneConfig& config, int64_t index, TensorMap& tensors)
{
    const auto get = [&](const std::string& suffix) { return take(tensors, layerKey(index, suffix)); };
    const auto getOptional = [&](const std::string& suffix) { return takeOptional(tensors, layerKey(index, suffix)); };
    LayerWeights layer;
    layer.norm1Weight = get("norm1.weight");
    layer.norm1Bias = get("norm1.bias");
    const std::string prefix = "attention.attention.";
    fuseQkv(layer, get(prefix + "query.weight"), getOptional(prefix + "query.bias"), get(prefix + "key.weight"),
            getOptional(prefix + "key.bias"), get(prefix + "value.weight"), getOptional(prefix + "value.bias"));
    layer.projWeight = get("attention.output.dense.weight");
    layer.projBias = get("attention.output.dense.bias");
    layer.scale1 = get("layer_scale1.lambda1");
    layer.norm2Weight = get("norm2.weight");
    layer.norm2Bias = get("norm2.bias");
    const bool swiglu = config.mlp == MlpKind::SwiGlu;
    layer.inWeight = get(swiglu ? "mlp.weights_in.weight" : "mlp.fc1.weight");
    layer.inBias = get(swiglu ? "mlp.weights_in.bias" : "mlp.fc1.bias");
    layer.outWeight = get(swiglu ? "mlp.weights_out.weight" : "mlp.fc2.weight");
    layer.outBias = get(swiglu ? "mlp.weights_out.bias" : "mlp.fc2.bias");
    layer.scale2 = get("layer_scale2.lambda1");
    return layer;
}

}  // namespace

std::vector<ExpectedTensor> expectedTensors(const BackboneConfig& config)
{
    const int64_t d = config.hiddenSize;
    const int64_t side = config.positionGridSide();
    std::vector<ExpectedTensor> keys = {
        {"embeddings.cls_token", {1, 1, d}},
        {"embeddings.position_embeddings", {1, 1 + side * side, d}},
        {"embeddings.patch_embeddings.projection.weight", {d, config.numChannels, config.patchSize, config.patchSize}},
        {"embeddings.patch_embeddings.projection.bias", {d}},
        {"layernorm.weight", {d}},
        {"layernorm.bias", {d}},
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
    weights.positionEmbeddings = take(tensors, "embeddings.position_embeddings");
    weights.patchWeight = take(tensors, "embeddings.patch_embeddings.projection.weight");
    weights.patchBias = take(tensors, "embeddings.patch_embeddings.projection.bias");
    weights.finalNormWeight = take(tensors, "layernorm.weight");
    weights.finalNormBias = take(tensors, "layernorm.bias");
    if (config.numRegisterTokens > 0) {
        weights.registerTokens = take(tensors, "embeddings.register_tokens");
    }
    for (int64_t index = 0; index < config.numLayers; ++index) {
        weights.layers.push_back(assembleLayer(config, index, tensors));
    }
    return weights;
}

at::Tensor positionTable(const BackboneConfig& config, const VitWeights& weights, int64_t height, int64_t width)
{
    const at::Tensor& table = weights.positionEmbeddings;
    const int64_t positions = table.size(1) - 1;
    const int64_t gridHeight = height / config.patchSize;
    const int64_t gridWidth = width / config.patchSize;
    // Hugging Face skips the resize when the patch count matches and the input is square.
    if (gridHeight * gridWidth == positions && height == width) {
        return table;
    }
    const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(positions))));
    const int64_t d = table.size(2);
    const at::Tensor grid = table.narrow(1, 1, positions).reshape({1, side, side, d}).permute({0, 3, 1, 2});
    const at::Tensor resized = config.positionAntialias
                                   ? at::_upsample_bicubic2d_aa(grid, {gridHeight, gridWidth}, false)
                                   : at::upsample_bicubic2d(grid, {gridHeight, gridWidth}, false);
    const at::Tensor flat = resized.permute({0, 2, 3, 1}).reshape({1, gridHeight * gridWidth, d});
    return at::cat({table.narrow(1, 0, 1), flat}, 1);
}

at::Tensor embed(const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels,
                 const at::Tensor& positions)
{
    const int64_t batch = pixels.size(0);
    const at::Tensor patches = embedPatches(weights, pixels, config.patchSize);
    at::Tensor tokens = at::cat({weights.clsToken.expand({batch, 1, config.hiddenSize}), patches}, 1);
    tokens.add_(positions);
    if (config.numRegisterTokens == 0) {
        return tokens;
    }
    // The with-registers model inserts its registers after the position embedding has been added.
    const at::Tensor registers = weights.registerTokens.expand({batch, config.numRegisterTokens, config.hiddenSize});
    return at::cat({tokens.narrow(1, 0, 1), registers, tokens.narrow(1, 1, tokens.size(1) - 1)}, 1);
}

}  // namespace dinolens::inference::detail::dinov2
