// Sizes from the published config.json files (and Meta's hub/backbones.py); parameter counts rounded.
#include "dinolens/inference/model_registry.h"

namespace dinolens::inference {

namespace {

constexpr const char* kApache = "Apache-2.0";
constexpr const char* kDinov3Licence
    = "DINOv3 License (custom Meta licence; read it before clinical or commercial use)";

KnownCheckpoint dinov2(
    const std::string& size, int64_t hidden, int64_t layers, int64_t heads, int64_t params, bool registers)
{
    const std::string repository = std::string("facebook/dinov2-") + (registers ? "with-registers-" : "") + size;
    return KnownCheckpoint { repository, std::string("dinov2-") + (registers ? "reg-" : "") + size,
        BackboneFamily::Dinov2, hidden, layers, heads, 14, registers ? 4 : 0, params, kApache, false,
        "https://huggingface.co/" + repository + " (public; also torch.hub facebookresearch/dinov2)" };
}

KnownCheckpoint dinov3(const std::string& size, int64_t hidden, int64_t layers, int64_t heads, int64_t params)
{
    const std::string repository = "facebook/dinov3-vit" + size + "-pretrain-lvd1689m";
    return KnownCheckpoint { repository, "dinov3-vit" + size, BackboneFamily::Dinov3, hidden, layers, heads, 16, 4,
        params, kDinov3Licence, true,
        "https://huggingface.co/" + repository
            + " (gated: accept the licence on the page, then download with an access token; or "
              "Meta's form linked from github.com/facebookresearch/dinov3)" };
}

struct Extra {
    int64_t intermediate;
    bool gated;
};

Extra dinov3Extra(const std::string& shortName)
{
    if (shortName == "dinov3-vits16plus") {
        return { 1536, true };
    }
    if (shortName == "dinov3-vith16plus") {
        return { 5120, true };
    }
    if (shortName == "dinov3-vit7b16") {
        return { 8192, true };
    }
    return { 0, false };
}

} // namespace

const std::vector<KnownCheckpoint>& knownCheckpoints()
{
    static const std::vector<KnownCheckpoint> checkpoints = {
        dinov2("small", 384, 12, 6, 22'000'000, false),
        dinov2("base", 768, 12, 12, 87'000'000, false),
        dinov2("large", 1024, 24, 16, 304'000'000, false),
        dinov2("giant", 1536, 40, 24, 1'136'000'000, false),
        dinov2("small", 384, 12, 6, 22'000'000, true),
        dinov2("base", 768, 12, 12, 87'000'000, true),
        dinov2("large", 1024, 24, 16, 304'000'000, true),
        dinov2("giant", 1536, 40, 24, 1'136'000'000, true),
        dinov3("s16", 384, 12, 6, 21'000'000),
        dinov3("s16plus", 384, 12, 6, 29'000'000),
        dinov3("b16", 768, 12, 12, 86'000'000),
        dinov3("l16", 1024, 24, 16, 300'000'000),
        dinov3("h16plus", 1280, 32, 20, 840'000'000),
        dinov3("7b16", 4096, 40, 32, 6'716'000'000),
    };
    return checkpoints;
}

const KnownCheckpoint* findKnownCheckpoint(const std::string& name)
{
    for (const KnownCheckpoint& checkpoint : knownCheckpoints()) {
        if (checkpoint.repository == name || checkpoint.shortName == name) {
            return &checkpoint;
        }
    }
    return nullptr;
}

core::Result<BackboneConfig> knownCheckpointConfig(const std::string& name)
{
    const KnownCheckpoint* checkpoint = findKnownCheckpoint(name);
    if (checkpoint == nullptr) {
        return core::makeError(core::ErrorCode::NotFound, "unknown checkpoint '" + name + "'");
    }
    BackboneConfig config;
    config.family = checkpoint->family;
    config.hiddenSize = checkpoint->hiddenSize;
    config.numLayers = checkpoint->numLayers;
    config.numHeads = checkpoint->numHeads;
    config.patchSize = checkpoint->patchSize;
    config.numRegisterTokens = checkpoint->numRegisterTokens;
    if (checkpoint->family == BackboneFamily::Dinov2) {
        const bool giant = checkpoint->hiddenSize == 1536;
        config.modelType = checkpoint->numRegisterTokens > 0 ? "dinov2_with_registers" : "dinov2";
        config.positionAntialias = checkpoint->numRegisterTokens > 0;
        config.imageSize = 518;
        config.layerNormEps = 1e-6;
        config.mlp = giant ? MlpKind::SwiGlu : MlpKind::Mlp;
        config.activation = giant ? Activation::Silu : Activation::GeluErf;
        config.intermediateSize = giant ? 4096 : 4 * config.hiddenSize;
        return config;
    }
    const Extra extra = dinov3Extra(checkpoint->shortName);
    config.modelType = "dinov3_vit";
    config.imageSize = 224;
    config.layerNormEps = 1e-5;
    config.keyBias = false;
    config.mlp = extra.gated ? MlpKind::Gated : MlpKind::Mlp;
    config.activation = extra.gated ? Activation::Silu : Activation::GeluErf;
    config.intermediateSize = extra.intermediate > 0 ? extra.intermediate : 4 * config.hiddenSize;
    return config;
}

} // namespace dinolens::inference
