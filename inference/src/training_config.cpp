#include "dinolens/inference/training_config.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "content_hash.h"
#include "dinolens/core/json_text.h"

namespace dinolens::inference {

namespace detail {

std::optional<std::string> readFileBytes(const std::filesystem::path& path)
{
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        return std::nullopt;
    }
    std::string bytes((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    if (stream.bad()) {
        return std::nullopt;
    }
    return bytes;
}

std::string hexHash(uint64_t hash)
{
    std::ostringstream text;
    text << std::hex;
    text.width(16);
    text.fill('0');
    text << hash;
    return text.str();
}

} // namespace detail

std::vector<std::filesystem::path> datasetRoots(const TrainingConfig& config)
{
    std::vector<std::filesystem::path> roots;
    for (const TrainingDataset& dataset : config.datasets) {
        roots.push_back(dataset.root);
    }
    return roots;
}

std::string describeDatasets(const TrainingConfig& config)
{
    std::string text;
    for (const TrainingDataset& dataset : config.datasets) {
        if (!text.empty()) {
            text += ", ";
        }
        text += dataset.root.string();
        if (dataset.weight != 1.0) {
            std::ostringstream weight;
            weight << " (x" << dataset.weight << ")";
            text += weight.str();
        }
    }
    return text;
}

const char* computeDeviceName(ComputeDevice device)
{
    return device == ComputeDevice::Cuda ? "cuda" : "cpu";
}

std::optional<ComputeDevice> computeDeviceFromName(const std::string& name)
{
    if (name == "cpu") {
        return ComputeDevice::Cpu;
    }
    if (name == "cuda") {
        return ComputeDevice::Cuda;
    }
    return std::nullopt;
}

std::string trainingConfigToJson(const TrainingConfig& c)
{
    nlohmann::json datasets = nlohmann::json::array();
    for (const TrainingDataset& dataset : c.datasets) {
        datasets.push_back({ { "root", dataset.root.string() }, { "weight", dataset.weight } });
    }
    const nlohmann::json json = { { "datasets", datasets }, { "split", c.split }, { "base_model", c.baseModel },
        { "epochs", c.epochs }, { "batch_size", c.batchSize }, { "learning_rate", c.learningRate },
        { "weight_decay", c.weightDecay }, { "warmup_fraction", c.warmupFraction },
        { "min_learning_rate_fraction", c.minLearningRateFraction }, { "resolution", c.resolution },
        { "augment", c.augment }, { "augment_mri", c.augmentMri }, { "slice_planes", c.slicePlanes },
        { "train_backbone", c.trainBackbone }, { "seed", c.seed }, { "threads", c.threads }, { "dropout", c.dropout },
        { "max_images", c.maxImages }, { "valid_split", c.validSplit }, { "valid_max_images", c.validMaxImages },
        { "device", computeDeviceName(c.device) }, { "feature_cache_dir", c.featureCacheDir.string() },
        { "cross_entropy_weight", c.crossEntropyWeight }, { "dice_weight", c.diceWeight },
        { "optimizer", "AdamW(beta1 0.9, beta2 0.999, eps 1e-8)" }, { "schedule", "linear warm-up, cosine decay" } };
    return core::jsonText(json, 2);
}

core::Result<TrainingConfig> trainingConfigFromJson(const std::string& text, const std::string& context)
{
    try {
        const nlohmann::json json = nlohmann::json::parse(text);
        TrainingConfig c;
        if (json.contains("datasets")) {
            for (const auto& dataset : json.at("datasets")) {
                c.datasets.push_back({ dataset.at("root").get<std::string>(), dataset.value("weight", 1.0) });
            }
        } else if (json.contains("data_root")) { // runs written before several datasets were supported
            c.datasets.push_back({ json.at("data_root").get<std::string>(), 1.0 });
        }
        c.split = json.value("split", c.split);
        c.baseModel = json.value("base_model", c.baseModel);
        c.epochs = json.value("epochs", c.epochs);
        c.batchSize = json.value("batch_size", c.batchSize);
        c.learningRate = json.value("learning_rate", c.learningRate);
        c.weightDecay = json.value("weight_decay", c.weightDecay);
        c.warmupFraction = json.value("warmup_fraction", c.warmupFraction);
        c.minLearningRateFraction = json.value("min_learning_rate_fraction", c.minLearningRateFraction);
        c.resolution = json.value("resolution", c.resolution);
        c.augment = json.value("augment", c.augment);
        c.augmentMri = json.value("augment_mri", c.augmentMri);
        c.slicePlanes = json.value("slice_planes", c.slicePlanes);
        c.trainBackbone = json.value("train_backbone", c.trainBackbone);
        c.seed = json.value("seed", c.seed);
        c.threads = json.value("threads", c.threads);
        c.dropout = json.value("dropout", c.dropout);
        c.maxImages = json.value("max_images", c.maxImages);
        c.validSplit = json.value("valid_split", c.validSplit);
        c.validMaxImages = json.value("valid_max_images", c.validMaxImages);
        const auto device = computeDeviceFromName(json.value("device", std::string(computeDeviceName(c.device))));
        if (!device) {
            return core::makeError(core::ErrorCode::InvalidFormat, "device must be \"cpu\" or \"cuda\"", context);
        }
        c.device = *device;
        c.featureCacheDir = json.value("feature_cache_dir", std::string());
        c.crossEntropyWeight = json.value("cross_entropy_weight", c.crossEntropyWeight);
        c.diceWeight = json.value("dice_weight", c.diceWeight);
        return c;
    } catch (const std::exception& error) {
        return core::makeError(
            core::ErrorCode::InvalidFormat, std::string("not a training configuration: ") + error.what(), context);
    }
}

core::Status validateTrainingConfig(const TrainingConfig& c)
{
    auto invalid = [](const std::string& field, const std::string& rule) {
        return core::makeError(core::ErrorCode::InvalidArgument, field + " " + rule);
    };
    if (c.epochs < 1) {
        return invalid("epochs", "must be at least 1");
    }
    if (c.batchSize < 1) {
        return invalid("batch size", "must be at least 1");
    }
    if (!(c.learningRate > 0.0) || c.learningRate > 1.0) {
        return invalid("learning rate", "must be in (0, 1]");
    }
    if (c.resolution < 32 || c.resolution > 2048) {
        return invalid("resolution", "must be between 32 and 2048 pixels");
    }
    if (c.warmupFraction < 0.0 || c.warmupFraction >= 1.0) {
        return invalid("warm-up fraction", "must be in [0, 1)");
    }
    if (c.dropout < 0.0 || c.dropout >= 1.0) {
        return invalid("dropout", "must be in [0, 1)");
    }
    if (c.baseModel.empty() || c.baseModel.size() > 2) {
        return invalid(
            "base model", "must be a folder, config.json + weights, an architecture config.json, or random-small");
    }
    if (c.slicePlanes != "acquired" && c.slicePlanes != "all") {
        return invalid("slice planes", "must be \"acquired\" or \"all\"");
    }
    if (c.augmentMri && !c.augment) {
        return invalid("MRI augmentation", "needs augmentation on (--augment)");
    }
    if (c.datasets.empty()) {
        return invalid("data", "folder is required");
    }
    for (const TrainingDataset& dataset : c.datasets) {
        if (dataset.root.empty()) {
            return invalid("data", "folder must not be empty");
        }
        if (!(dataset.weight > 0.0) || dataset.weight > 100.0) {
            return invalid("data weight", "must be in (0, 100] (" + dataset.root.string() + ")");
        }
    }
    return core::okStatus();
}

} // namespace dinolens::inference
