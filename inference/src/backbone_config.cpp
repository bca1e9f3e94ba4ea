// config.json -> BackboneConfig. Defaults follow the Hugging Face config classes (Dinov2Config,
// Dinov2WithRegistersConfig, DINOv3ViTConfig), so a config that omits a field means what it means there.
#include "dinolens/inference/backbone_config.h"
#include "dinolens/core/json_text.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

using Json = nlohmann::json;

template <typename T> T field(const Json& json, const char* name, T fallback)
{
    const auto it = json.find(name);
    if (it == json.end() || it->is_null()) {
        return fallback;
    }
    return it->get<T>();
}

Result<Activation> parseActivation(const std::string& name, const std::string& context)
{
    if (name == "gelu") {
        return Activation::GeluErf;
    }
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") {
        return Activation::GeluTanh;
    }
    if (name == "silu" || name == "swish") {
        return Activation::Silu;
    }
    if (name == "relu") {
        return Activation::Relu;
    }
    return makeError(ErrorCode::UnsupportedFormat, "unsupported hidden_act '" + name + "'", context);
}

Result<BackboneConfig> parseDinov2(const Json& json, const std::string& modelType, const std::string& context)
{
    BackboneConfig config;
    config.family = BackboneFamily::Dinov2;
    config.modelType = modelType;
    config.hiddenSize = field<int64_t>(json, "hidden_size", 768);
    config.numLayers = field<int64_t>(json, "num_hidden_layers", 12);
    config.numHeads = field<int64_t>(json, "num_attention_heads", 12);
    config.patchSize = field<int64_t>(json, "patch_size", 16);
    config.imageSize = field<int64_t>(json, "image_size", 224);
    config.numChannels = field<int64_t>(json, "num_channels", 3);
    config.layerNormEps = field<double>(json, "layer_norm_eps", 1e-6);
    const bool withRegisters = modelType == "dinov2_with_registers";
    config.numRegisterTokens = withRegisters ? field<int64_t>(json, "num_register_tokens", 4) : 0;
    config.positionAntialias = withRegisters;
    const bool qkvBias = field<bool>(json, "qkv_bias", true);
    config.queryBias = config.keyBias = config.valueBias = qkvBias;
    // mlp_ratio may be fractional; Python's int() truncates, and so does the cast.
    const auto mlpWidth
        = static_cast<int64_t>(static_cast<double>(config.hiddenSize) * field<double>(json, "mlp_ratio", 4.0));
    if (field<bool>(json, "use_swiglu_ffn", false)) {
        config.mlp = MlpKind::SwiGlu;
        config.activation = Activation::Silu;
        config.intermediateSize = (static_cast<int64_t>(static_cast<double>(mlpWidth) * 2.0 / 3.0) + 7) / 8 * 8;
        return config;
    }
    config.intermediateSize = mlpWidth;
    Result<Activation> activation = parseActivation(field<std::string>(json, "hidden_act", "gelu"), context);
    if (!activation) {
        return activation.error();
    }
    config.activation = *activation;
    return config;
}

Result<BackboneConfig> parseDinov3(const Json& json, const std::string& modelType, const std::string& context)
{
    BackboneConfig config;
    config.family = BackboneFamily::Dinov3;
    config.modelType = modelType;
    config.hiddenSize = field<int64_t>(json, "hidden_size", 384);
    config.numLayers = field<int64_t>(json, "num_hidden_layers", 12);
    config.numHeads = field<int64_t>(json, "num_attention_heads", 6);
    config.intermediateSize = field<int64_t>(json, "intermediate_size", 1536);
    config.patchSize = field<int64_t>(json, "patch_size", 16);
    config.imageSize = field<int64_t>(json, "image_size", 224);
    config.numChannels = field<int64_t>(json, "num_channels", 3);
    config.layerNormEps = field<double>(json, "layer_norm_eps", 1e-5);
    config.numRegisterTokens = field<int64_t>(json, "num_register_tokens", 0);
    config.ropeTheta = field<double>(json, "rope_theta", 100.0);
    config.queryBias = field<bool>(json, "query_bias", true);
    config.keyBias = field<bool>(json, "key_bias", false);
    config.valueBias = field<bool>(json, "value_bias", true);
    config.projectionBias = field<bool>(json, "proj_bias", true);
    config.mlpBias = field<bool>(json, "mlp_bias", true);
    config.mlp = field<bool>(json, "use_gated_mlp", false) ? MlpKind::Gated : MlpKind::Mlp;
    Result<Activation> activation = parseActivation(field<std::string>(json, "hidden_act", "gelu"), context);
    if (!activation) {
        return activation.error();
    }
    config.activation = *activation;
    return config;
}

Result<BackboneConfig> validate(BackboneConfig config, const std::string& context)
{
    const bool positive = config.hiddenSize > 0 && config.numLayers > 0 && config.numHeads > 0
        && config.intermediateSize > 0 && config.patchSize > 0 && config.numChannels > 0
        && config.numRegisterTokens >= 0 && config.layerNormEps > 0;
    if (!positive) {
        return makeError(ErrorCode::InvalidFormat, "config has a non-positive size, layer count or eps", context);
    }
    if (config.hiddenSize % config.numHeads != 0) {
        return makeError(ErrorCode::InvalidFormat, "hidden_size is not divisible by num_attention_heads", context);
    }
    if (config.family == BackboneFamily::Dinov3 && config.headDim() % 4 != 0) {
        return makeError(ErrorCode::InvalidFormat, "DINOv3 RoPE needs a head dimension divisible by 4", context);
    }
    if (config.family == BackboneFamily::Dinov2 && config.positionGridSide() < 1) {
        return makeError(ErrorCode::InvalidFormat, "image_size is smaller than patch_size", context);
    }
    return config;
}

} // namespace

int64_t BackboneConfig::parameterCount() const
{
    const int64_t d = hiddenSize;
    const int64_t mlpMatrices = mlp == MlpKind::Mlp ? 2 : 3;
    const int64_t attentionBiases
        = d * ((queryBias ? 1 : 0) + (keyBias ? 1 : 0) + (valueBias ? 1 : 0) + (projectionBias ? 1 : 0));
    const int64_t mlpBiases = mlpBias ? (mlpMatrices - 1) * intermediateSize + d : 0;
    // 6 d: two LayerNorms (weight and bias) and two LayerScale vectors.
    const int64_t perLayer = 4 * d * d + attentionBiases + mlpMatrices * d * intermediateSize + mlpBiases + 6 * d;
    int64_t total = numLayers * perLayer + d * numChannels * patchSize * patchSize + d + 2 * d;
    total += (1 + numRegisterTokens) * d;
    if (family == BackboneFamily::Dinov2) {
        total += (positionGridSide() * positionGridSide() + 1) * d;
    }
    return total;
}

Result<BackboneConfig> parseBackboneConfig(const std::string& jsonText, const std::string& context)
{
    const Json json = Json::parse(jsonText, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return makeError(ErrorCode::InvalidFormat, "config is not a JSON object", context);
    }
    try {
        const std::string modelType = field<std::string>(json, "model_type", "");
        Result<BackboneConfig> config = modelType == "dinov2" || modelType == "dinov2_with_registers"
            ? parseDinov2(json, modelType, context)
            : modelType == "dinov3_vit" ? parseDinov3(json, modelType, context)
                                        : Result<BackboneConfig>(makeError(ErrorCode::UnsupportedFormat,
                                            "model_type '" + modelType
                                                + "' is not a supported backbone (dinov2, "
                                                  "dinov2_with_registers, dinov3_vit)",
                                            context));
        return config ? validate(std::move(config).value(), context) : config;
    } catch (const Json::exception& error) {
        // A field of the wrong JSON type ("hidden_size": "768") surfaces as a type_error from get<T>().
        return makeError(
            ErrorCode::InvalidFormat, std::string("config field has the wrong type: ") + error.what(), context);
    }
}

std::string dinov3ConfigToJson(const BackboneConfig& config)
{
    const auto activationName = [](Activation activation) {
        switch (activation) {
        case Activation::GeluTanh:
            return "gelu_pytorch_tanh";
        case Activation::Silu:
            return "silu";
        case Activation::Relu:
            return "relu";
        case Activation::GeluErf:
            break;
        }
        return "gelu";
    };
    const Json json = { { "model_type", "dinov3_vit" }, { "architectures", { "DINOv3ViTModel" } },
        { "hidden_size", config.hiddenSize }, { "num_hidden_layers", config.numLayers },
        { "num_attention_heads", config.numHeads }, { "intermediate_size", config.intermediateSize },
        { "patch_size", config.patchSize }, { "image_size", config.imageSize }, { "num_channels", config.numChannels },
        { "layer_norm_eps", config.layerNormEps }, { "num_register_tokens", config.numRegisterTokens },
        { "rope_theta", config.ropeTheta }, { "query_bias", config.queryBias }, { "key_bias", config.keyBias },
        { "value_bias", config.valueBias }, { "proj_bias", config.projectionBias }, { "mlp_bias", config.mlpBias },
        { "use_gated_mlp", config.mlp == MlpKind::Gated }, { "hidden_act", activationName(config.activation) },
        { "layerscale_value", 1.0 } };
    return core::jsonText(json, 2) + "\n";
}

Result<BackboneConfig> loadBackboneConfig(const std::filesystem::path& configPath)
{
    std::error_code error;
    if (!std::filesystem::is_regular_file(configPath, error)) {
        return makeError(ErrorCode::NotFound, "config file not found", configPath.string());
    }
    std::ifstream stream(configPath);
    std::stringstream text;
    text << stream.rdbuf();
    if (!stream) {
        return makeError(ErrorCode::Unreadable, "cannot read config file", configPath.string());
    }
    return parseBackboneConfig(text.str(), configPath.string());
}

double backboneFlops(const BackboneConfig& config, int64_t height, int64_t width)
{
    const double d = static_cast<double>(config.hiddenSize);
    const double patches = static_cast<double>((height / config.patchSize) * (width / config.patchSize));
    const double tokens = patches + static_cast<double>(config.numPrefixTokens());
    const double mlpMatrices = config.mlp == MlpKind::Mlp ? 2.0 : 3.0;
    const double perLayer = 2.0 * tokens * d * (4.0 * d + mlpMatrices * static_cast<double>(config.intermediateSize))
        + 4.0 * tokens * tokens * d;
    const double patchEmbed
        = 2.0 * patches * d * static_cast<double>(config.numChannels * config.patchSize * config.patchSize);
    return static_cast<double>(config.numLayers) * perLayer + patchEmbed;
}

} // namespace dinolens::inference
