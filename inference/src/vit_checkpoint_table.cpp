// The DINOv2 and DINOv3 checkpoint tables (Hugging Face Dinov2Model, Dinov2WithRegistersModel, DINOv3ViTModel;
// see docs/model-reference.md) and the weight assembly they share.
#include "vit_checkpoint_table.h"

#include <array>

namespace dinolens::inference::detail {

namespace {

using L = LayerTensor;
using M = ModelTensor;

constexpr size_t kLayerSlots = static_cast<size_t>(LayerTensor::Scale2) + 1;
constexpr size_t kModelSlots = static_cast<size_t>(ModelTensor::NormBias) + 1;

void addDinov2Layer(const BackboneConfig& config, std::vector<TableEntry<LayerTensor>>& layer)
{
    const int64_t d = config.hiddenSize;
    const int64_t width = config.intermediateSize;
    layer = { { L::Norm1Weight, "norm1.weight", { d } }, { L::Norm1Bias, "norm1.bias", { d } },
        { L::Norm2Weight, "norm2.weight", { d } }, { L::Norm2Bias, "norm2.bias", { d } } };
    const std::array<std::tuple<const char*, LayerTensor, LayerTensor>, 3> projections
        = { { { "query", L::QueryWeight, L::QueryBias }, { "key", L::KeyWeight, L::KeyBias },
            { "value", L::ValueWeight, L::ValueBias } } };
    for (const auto& [name, weight, bias] : projections) {
        layer.push_back({ weight, std::string("attention.attention.") + name + ".weight", { d, d } });
        if (config.queryBias) { // qkv_bias covers all three
            layer.push_back({ bias, std::string("attention.attention.") + name + ".bias", { d } });
        }
    }
    layer.push_back({ L::ProjectionWeight, "attention.output.dense.weight", { d, d } });
    layer.push_back({ L::ProjectionBias, "attention.output.dense.bias", { d } });
    layer.push_back({ L::Scale1, "layer_scale1.lambda1", { d } });
    layer.push_back({ L::Scale2, "layer_scale2.lambda1", { d } });
    // SwiGLU's weights_in is already [activated half | linear half].
    const bool swiglu = config.mlp == MlpKind::SwiGlu;
    const int64_t inWidth = swiglu ? 2 * width : width;
    const std::string in = swiglu ? "mlp.weights_in." : "mlp.fc1.";
    const std::string out = swiglu ? "mlp.weights_out." : "mlp.fc2.";
    layer.push_back({ L::InWeight, in + "weight", { inWidth, d } });
    layer.push_back({ L::InBias, in + "bias", { inWidth } });
    layer.push_back({ L::OutWeight, out + "weight", { d, width } });
    layer.push_back({ L::OutBias, out + "bias", { d } });
}

void addDinov3Layer(const BackboneConfig& config, std::vector<TableEntry<LayerTensor>>& layer)
{
    const int64_t d = config.hiddenSize;
    const int64_t width = config.intermediateSize;
    layer = { { L::Norm1Weight, "norm1.weight", { d } }, { L::Norm1Bias, "norm1.bias", { d } },
        { L::Norm2Weight, "norm2.weight", { d } }, { L::Norm2Bias, "norm2.bias", { d } } };
    const std::array<std::tuple<const char*, LayerTensor, LayerTensor, bool>, 4> projections
        = { { { "q_proj", L::QueryWeight, L::QueryBias, config.queryBias },
            { "k_proj", L::KeyWeight, L::KeyBias, config.keyBias },
            { "v_proj", L::ValueWeight, L::ValueBias, config.valueBias },
            { "o_proj", L::ProjectionWeight, L::ProjectionBias, config.projectionBias } } };
    for (const auto& [name, weight, bias, hasBias] : projections) {
        layer.push_back({ weight, std::string("attention.") + name + ".weight", { d, d } });
        if (hasBias) {
            layer.push_back({ bias, std::string("attention.") + name + ".bias", { d } });
        }
    }
    layer.push_back({ L::Scale1, "layer_scale1.lambda1", { d } });
    layer.push_back({ L::Scale2, "layer_scale2.lambda1", { d } });
    std::vector<std::tuple<const char*, LayerTensor, LayerTensor, std::vector<int64_t>>> mlp
        = { { "up_proj", L::InWeight, L::InBias, { width, d } },
              { "down_proj", L::OutWeight, L::OutBias, { d, width } } };
    if (config.mlp == MlpKind::Gated) {
        mlp.push_back({ "gate_proj", L::GateWeight, L::GateBias, { width, d } });
    }
    for (const auto& [name, weight, bias, shape] : mlp) {
        layer.push_back({ weight, std::string("mlp.") + name + ".weight", shape });
        if (config.mlpBias) {
            layer.push_back({ bias, std::string("mlp.") + name + ".bias", { shape[0] } });
        }
    }
}

} // namespace

CheckpointTable CheckpointTable::of(const BackboneConfig& config)
{
    const int64_t d = config.hiddenSize;
    const std::vector<int64_t> patch = { d, config.numChannels, config.patchSize, config.patchSize };
    CheckpointTable table;
    table.m_layers = config.numLayers;
    if (config.family == BackboneFamily::Dinov2) {
        const int64_t side = config.positionGridSide();
        table.m_layerPrefix = "encoder.layer.";
        table.m_model = { { M::ClsToken, "embeddings.cls_token", { 1, 1, d } },
            { M::PositionEmbeddings, "embeddings.position_embeddings", { 1, 1 + side * side, d } },
            { M::PatchWeight, "embeddings.patch_embeddings.projection.weight", patch },
            { M::PatchBias, "embeddings.patch_embeddings.projection.bias", { d } },
            { M::NormWeight, "layernorm.weight", { d } }, { M::NormBias, "layernorm.bias", { d } } };
        addDinov2Layer(config, table.m_layer);
    } else {
        table.m_layerPrefix = "layer.";
        table.m_model = { { M::ClsToken, "embeddings.cls_token", { 1, 1, d } },
            { M::PatchWeight, "embeddings.patch_embeddings.weight", patch },
            { M::PatchBias, "embeddings.patch_embeddings.bias", { d } }, { M::NormWeight, "norm.weight", { d } },
            { M::NormBias, "norm.bias", { d } } };
        addDinov3Layer(config, table.m_layer);
    }
    if (config.numRegisterTokens > 0) {
        table.m_model.push_back(
            { M::RegisterTokens, "embeddings.register_tokens", { 1, config.numRegisterTokens, d } });
    }
    return table;
}

std::vector<ExpectedTensor> CheckpointTable::expectedTensors() const
{
    std::vector<ExpectedTensor> expected;
    for (const auto& entry : m_model) {
        expected.push_back({ entry.name, entry.shape });
    }
    for (int64_t index = 0; index < m_layers; ++index) {
        for (const auto& entry : m_layer) {
            expected.push_back({ m_layerPrefix + std::to_string(index) + "." + entry.name, entry.shape });
        }
    }
    return expected;
}

std::string CheckpointTable::name(ModelTensor slot) const
{
    for (const auto& entry : m_model) {
        if (entry.slot == slot) {
            return entry.name;
        }
    }
    return {};
}

std::string CheckpointTable::name(LayerTensor slot, int64_t layer) const
{
    for (const auto& entry : m_layer) {
        if (entry.slot == slot) {
            return m_layerPrefix + std::to_string(layer) + "." + entry.name;
        }
    }
    return {};
}

VitWeights CheckpointTable::assemble(TensorMap& tensors) const
{
    std::array<at::Tensor, kModelSlots> model;
    for (const auto& entry : m_model) {
        model[static_cast<size_t>(entry.slot)] = take(tensors, entry.name);
    }
    const auto get = [&](ModelTensor slot) { return model[static_cast<size_t>(slot)]; };
    VitWeights weights;
    weights.clsToken = get(M::ClsToken);
    weights.registerTokens = get(M::RegisterTokens);
    weights.positionEmbeddings = get(M::PositionEmbeddings);
    weights.patchWeight = get(M::PatchWeight);
    weights.patchBias = get(M::PatchBias);
    weights.finalNormWeight = get(M::NormWeight);
    weights.finalNormBias = get(M::NormBias);
    for (int64_t index = 0; index < m_layers; ++index) {
        weights.layers.push_back(assembleLayer(index, tensors));
    }
    return weights;
}

LayerWeights CheckpointTable::assembleLayer(int64_t index, TensorMap& tensors) const
{
    std::array<at::Tensor, kLayerSlots> parts; // undefined where the configuration has no such tensor
    for (const auto& entry : m_layer) {
        parts[static_cast<size_t>(entry.slot)]
            = take(tensors, m_layerPrefix + std::to_string(index) + "." + entry.name);
    }
    const auto get = [&](LayerTensor slot) { return parts[static_cast<size_t>(slot)]; };
    LayerWeights layer;
    layer.norm1Weight = get(L::Norm1Weight);
    layer.norm1Bias = get(L::Norm1Bias);
    fuseQkv(layer, get(L::QueryWeight), get(L::QueryBias), get(L::KeyWeight), get(L::KeyBias), get(L::ValueWeight),
        get(L::ValueBias));
    layer.projWeight = get(L::ProjectionWeight);
    layer.projBias = get(L::ProjectionBias);
    layer.scale1 = get(L::Scale1);
    layer.norm2Weight = get(L::Norm2Weight);
    layer.norm2Bias = get(L::Norm2Bias);
    if (get(L::GateWeight).defined()) {
        // One GEMM for both: [gate | in], the activated half first, as the SwiGLU path expects.
        layer.inWeight = at::cat({ get(L::GateWeight), get(L::InWeight) }, 0);
        layer.inBias = get(L::InBias).defined() ? at::cat({ get(L::GateBias), get(L::InBias) }, 0) : at::Tensor();
    } else {
        layer.inWeight = get(L::InWeight);
        layer.inBias = get(L::InBias);
    }
    layer.outWeight = get(L::OutWeight);
    layer.outBias = get(L::OutBias);
    layer.scale2 = get(L::Scale2);
    return layer;
}

} // namespace dinolens::inference::detail
