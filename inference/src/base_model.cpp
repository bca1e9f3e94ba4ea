#include "dinolens/inference/base_model.h"

#include <cmath>

#include "content_hash.h"
#include "dinolens/inference/model_registry.h"

namespace dinolens::inference {

namespace {

constexpr uint64_t kRandomWeightsSeed = 7;
constexpr const char* kRandomPrefix = "random:";

} // namespace

BackboneConfig randomSmallConfig()
{
    BackboneConfig config = knownCheckpointConfig("dinov3-vits16").value();
    config.hiddenSize = 64;
    config.numLayers = 2;
    config.numHeads = 2;
    config.intermediateSize = 128;
    config.numRegisterTokens = 0;
    return config;
}

core::Result<Backbone> loadBaseModel(const std::vector<std::string>& specification, const BackboneOptions& options)
{
    if (specification.size() == 2) {
        return Backbone::load(ModelSource::fromFiles(specification[0], specification[1]), options);
    }
    if (specification.size() != 1 || specification.front().empty()) {
        return core::makeError(core::ErrorCode::InvalidArgument,
            "base model must be a snapshot folder, config.json + weights.safetensors, "
            "random-small or random:<known checkpoint>");
    }
    const std::string& name = specification.front();
    if (name == kRandomSmallModel) {
        return Backbone::createRandom(randomSmallConfig(), kRandomWeightsSeed, options);
    }
    if (name.rfind(kRandomPrefix, 0) == 0) {
        auto config = knownCheckpointConfig(name.substr(std::string(kRandomPrefix).size()));
        if (!config) {
            return config.error();
        }
        return Backbone::createRandom(*config, kRandomWeightsSeed, options);
    }
    if (isArchitectureFile(name)) {
        auto config = loadBackboneConfig(name);
        if (!config) {
            return config.error();
        }
        return Backbone::createRandom(*config, kRandomWeightsSeed, options);
    }
    return Backbone::load(ModelSource::fromFolder(name), options);
}

bool isArchitectureFile(const std::string& specification)
{
    std::error_code error;
    return std::filesystem::path(specification).extension() == ".json"
        && std::filesystem::is_regular_file(specification, error);
}

bool isRandomBaseModel(const std::vector<std::string>& specification)
{
    if (specification.size() != 1) {
        return false;
    }
    const std::string& name = specification.front();
    return name == kRandomSmallModel || name.rfind(kRandomPrefix, 0) == 0 || isArchitectureFile(name);
}

std::vector<std::string> absoluteBaseModel(const std::vector<std::string>& specification)
{
    std::vector<std::string> result = specification;
    for (std::string& part : result) {
        std::error_code error;
        if (std::filesystem::exists(part, error)) {
            part = std::filesystem::absolute(part, error).lexically_normal().string();
        }
    }
    return result;
}

core::Result<uint64_t> backboneFingerprint(const Backbone& backbone)
{
    const int64_t side = 2 * backbone.config().patchSize;
    FloatTensor probe = FloatTensor::zeros({ 1, backbone.config().numChannels, side, side });
    for (size_t i = 0; i < probe.data.size(); ++i) {
        probe.data[i] = static_cast<float>(std::sin(0.37 * static_cast<double>(i)));
    }
    ForwardOptions options;
    auto output = backbone.forward(probe, options);
    if (!output) {
        return output.error();
    }
    uint64_t hash = detail::fnv1a(backbone.config().modelType);
    hash = detail::combineHash(hash, static_cast<uint64_t>(backbone.config().hiddenSize));
    // Rounded so that the last bits of a different BLAS or thread count do not change the identity.
    for (float value : output->patchGrid.data) {
        hash = detail::combineHash(hash, static_cast<uint64_t>(std::llround(static_cast<double>(value) * 1e3)));
    }
    return hash;
}

} // namespace dinolens::inference
