// A trainable DINOv3 ViT: Hugging Face's DINOv3ViTModel forward in differentiable ATen operations.
#include "trainable_vit.h"

#include <cmath>

#include "checkpoint_reader.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/inference/safetensors.h"
#include "dinov3_backbone.h"
#include "run_folder.h"
#include "tensor_conversion.h"
#include "vit_checkpoint_table.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

at::Tensor activate(const at::Tensor& input, Activation activation)
{
    switch (activation) {
    case Activation::GeluTanh:
        return at::gelu(input, "tanh");
    case Activation::Silu:
        return at::silu(input);
    case Activation::Relu:
        return at::relu(input);
    case Activation::GeluErf:
        break;
    }
    return at::gelu(input, "none");
}

// Same as nn.Linear; an absent bias (undefined tensor) adds nothing.
at::Tensor project(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias)
{
    return at::linear(input, weight, bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt);
}

class Parameters {
public:
    explicit Parameters(const std::map<std::string, at::Tensor>& tensors)
        : m_tensors(tensors)
    {
    }
    const at::Tensor& operator()(const std::string& name) const { return m_tensors.at(name); }
    at::Tensor optional(const std::string& name) const
    {
        const auto found = m_tensors.find(name);
        return found == m_tensors.end() ? at::Tensor() : found->second;
    }

private:
    const std::map<std::string, at::Tensor>& m_tensors;
};

// q * cos + rotate_half(q) * sin on the patch tokens of t [B, nh, T, dh]; CLS and registers pass unrotated.
at::Tensor rotate(const at::Tensor& t, const RopeTables& rope, int64_t prefixTokens)
{
    const int64_t patches = rope.cos.size(0);
    const int64_t half = t.size(-1) / 2;
    const at::Tensor prefix = t.narrow(2, 0, prefixTokens);
    const at::Tensor grid = t.narrow(2, prefixTokens, patches);
    const at::Tensor rotatedHalf = at::cat({ grid.narrow(-1, half, half).neg(), grid.narrow(-1, 0, half) }, -1);
    return at::cat({ prefix, grid * rope.cos + rotatedHalf * rope.sin }, 2);
}

// The parameters of one transformer block, found by their checkpoint names.
struct BlockParameters {
    const Parameters& p;
    const CheckpointTable& table;
    int64_t index;
    at::Tensor operator()(LayerTensor slot) const { return p.optional(table.name(slot, index)); }
};

at::Tensor attention(
    const BackboneConfig& config, const BlockParameters& b, const at::Tensor& x, const RopeTables& rope)
{
    const int64_t batch = x.size(0);
    const int64_t tokens = x.size(1);
    const auto heads = [&](LayerTensor weight, LayerTensor bias) {
        return project(x, b(weight), b(bias))
            .view({ batch, tokens, config.numHeads, config.headDim() })
            .transpose(1, 2);
    };
    const at::Tensor q
        = rotate(heads(LayerTensor::QueryWeight, LayerTensor::QueryBias), rope, config.numPrefixTokens());
    const at::Tensor k = rotate(heads(LayerTensor::KeyWeight, LayerTensor::KeyBias), rope, config.numPrefixTokens());
    const at::Tensor v = heads(LayerTensor::ValueWeight, LayerTensor::ValueBias);
    const double scale = std::pow(static_cast<double>(config.headDim()), -0.5);
    const at::Tensor weights = at::softmax(at::matmul(q, k.transpose(-2, -1)) * scale, -1);
    const at::Tensor context = at::matmul(weights, v).transpose(1, 2).reshape({ batch, tokens, config.hiddenSize });
    return project(context, b(LayerTensor::ProjectionWeight), b(LayerTensor::ProjectionBias));
}

at::Tensor mlp(const BackboneConfig& config, const BlockParameters& b, const at::Tensor& x)
{
    const at::Tensor up = project(x, b(LayerTensor::InWeight), b(LayerTensor::InBias));
    const at::Tensor hidden = config.mlp == MlpKind::Gated
        ? activate(project(x, b(LayerTensor::GateWeight), b(LayerTensor::GateBias)), config.activation) * up
        : activate(up, config.activation);
    return project(hidden, b(LayerTensor::OutWeight), b(LayerTensor::OutBias));
}

at::Tensor block(const BackboneConfig& config, const BlockParameters& b, const at::Tensor& x, const RopeTables& rope)
{
    const std::vector<int64_t> shape = { config.hiddenSize };
    const auto norm = [&](LayerTensor weight, LayerTensor bias, const at::Tensor& input) {
        return at::layer_norm(input, shape, b(weight), b(bias), config.layerNormEps);
    };
    const at::Tensor y = x
        + attention(config, b, norm(LayerTensor::Norm1Weight, LayerTensor::Norm1Bias, x), rope)
            * b(LayerTensor::Scale1);
    return y + mlp(config, b, norm(LayerTensor::Norm2Weight, LayerTensor::Norm2Bias, y)) * b(LayerTensor::Scale2);
}

} // namespace

Result<TrainableVit> TrainableVit::initialise(const BackboneConfig& config, uint64_t seed)
{
    if (config.family != BackboneFamily::Dinov3) {
        return makeError(ErrorCode::InvalidArgument, "only DINOv3-architecture backbones can be trained");
    }
    at::Generator generator = at::detail::createCPUGenerator(seed);
    TrainableVit network;
    network.config = config;
    for (const ExpectedTensor& expected : CheckpointTable::of(config).expectedTensors()) {
        const std::string& name = expected.name;
        const auto endsWith = [&](const std::string& suffix) {
            return name.size() >= suffix.size()
                && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        at::Tensor tensor;
        if (endsWith("lambda1")) {
            tensor = at::ones(expected.shape);
        } else if (name.find("norm") != std::string::npos) {
            tensor = endsWith(".weight") ? at::ones(expected.shape) : at::zeros(expected.shape);
        } else if (endsWith(".bias")) {
            tensor = at::zeros(expected.shape);
        } else {
            // trunc_normal_(std=0.02), truncated at +-2 std.
            tensor = at::empty(expected.shape).normal_(0.0, 0.02, generator).clamp_(-0.04, 0.04);
        }
        network.parameters[name] = tensor;
    }
    return network;
}

Result<TrainableVit> TrainableVit::load(const ModelSource& source)
{
    auto files = resolveCheckpoint(source);
    if (!files) {
        return files.error();
    }
    auto config = loadBackboneConfig(files->config);
    if (!config) {
        return config.error();
    }
    if (config->family != BackboneFamily::Dinov3) {
        return makeError(
            ErrorCode::InvalidArgument, "only DINOv3-architecture backbones can be trained", files->config.string());
    }
    auto tensors
        = readCheckpoint(files->weights, CheckpointTable::of(*config).expectedTensors(), { "embeddings.mask_token" });
    if (!tensors) {
        return tensors.error();
    }
    TrainableVit network;
    network.config = *config;
    tensors->erase("embeddings.mask_token");
    network.parameters = std::move(*tensors);
    return network;
}

at::Tensor TrainableVit::forward(const at::Tensor& pixels) const
{
    const Parameters p(parameters);
    const CheckpointTable table = CheckpointTable::of(config);
    const auto model = [&](ModelTensor slot) { return p.optional(table.name(slot)); };
    const int64_t batch = pixels.size(0);
    const int64_t gridHeight = pixels.size(2) / config.patchSize;
    const int64_t gridWidth = pixels.size(3) / config.patchSize;
    const at::Tensor patches = at::conv2d(
        pixels, model(ModelTensor::PatchWeight), model(ModelTensor::PatchBias), { config.patchSize, config.patchSize })
                                   .flatten(2)
                                   .transpose(1, 2);
    std::vector<at::Tensor> parts = { model(ModelTensor::ClsToken).expand({ batch, 1, config.hiddenSize }) };
    if (config.numRegisterTokens > 0) {
        parts.push_back(
            model(ModelTensor::RegisterTokens).expand({ batch, config.numRegisterTokens, config.hiddenSize }));
    }
    parts.push_back(patches);
    at::Tensor x = at::cat(parts, 1);
    const RopeTables rope = dinov3::ropeTables(config, gridHeight, gridWidth, pixels.options());
    for (int64_t index = 0; index < config.numLayers; ++index) {
        x = block(config, BlockParameters { p, table, index }, x, rope);
    }
    const at::Tensor normed = at::layer_norm(x.narrow(1, config.numPrefixTokens(), gridHeight * gridWidth),
        { config.hiddenSize }, model(ModelTensor::NormWeight), model(ModelTensor::NormBias), config.layerNormEps);
    return normed.transpose(1, 2).reshape({ batch, config.hiddenSize, gridHeight, gridWidth });
}

void TrainableVit::setRequiresGrad(bool value)
{
    for (auto& [name, tensor] : parameters) {
        tensor.requires_grad_(value);
    }
}

core::Status writeBackboneSnapshot(const TrainableVit& network, const std::filesystem::path& folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        return makeError(
            ErrorCode::Unwritable, "cannot create the backbone folder: " + error.message(), folder.string());
    }
    std::map<std::string, FloatTensor> weights;
    for (const auto& [name, tensor] : network.parameters) {
        weights[name] = toFloatTensor(tensor.detach());
    }
    if (auto status = writeSafetensors(folder / "model.safetensors", weights); !status) {
        return status;
    }
    return core::writeFileAtomically(folder / "config.json", dinov3ConfigToJson(network.config));
}

} // namespace dinolens::inference::detail
