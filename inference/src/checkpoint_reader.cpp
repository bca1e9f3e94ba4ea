#include "checkpoint_reader.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dinolens/inference/safetensors.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr size_t kListedKeys = 12; // per category in the mismatch message; the rest are counted

std::string shapeText(const std::vector<int64_t>& shape)
{
    FloatTensor probe;
    probe.shape = shape;
    return probe.shapeString();
}

void appendList(std::string& message, const char* title, const std::vector<std::string>& items)
{
    if (items.empty()) {
        return;
    }
    message += "\n  " + std::string(title) + " (" + std::to_string(items.size()) + "):";
    for (size_t i = 0; i < items.size() && i < kListedKeys; ++i) {
        message += " " + items[i] + (i + 1 < items.size() ? "," : "");
    }
    if (items.size() > kListedKeys) {
        message += " ... and " + std::to_string(items.size() - kListedKeys) + " more";
    }
}

Result<std::vector<std::filesystem::path>> readShardIndex(const std::filesystem::path& index)
{
    std::ifstream stream(index);
    std::stringstream text;
    text << stream.rdbuf();
    const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded() || !json.contains("weight_map") || !json["weight_map"].is_object()) {
        return makeError(ErrorCode::InvalidFormat, "shard index has no weight_map object", index.string());
    }
    std::set<std::string> files;
    for (const auto& [name, file] : json["weight_map"].items()) {
        if (!file.is_string()) {
            return makeError(ErrorCode::InvalidFormat, "weight_map entry is not a file name", name);
        }
        files.insert(file.get<std::string>());
    }
    std::vector<std::filesystem::path> shards;
    for (const std::string& file : files) {
        shards.push_back(index.parent_path() / file);
    }
    return shards;
}

struct Located {
    const SafetensorsFile* file;
    const SafetensorsEntry* entry;
};

} // namespace

Result<CheckpointFiles> resolveCheckpoint(const ModelSource& source)
{
    if (source.folder.empty()) {
        return CheckpointFiles { source.configPath, { source.weightsPath } };
    }
    if (!std::filesystem::is_directory(source.folder)) {
        return makeError(ErrorCode::NotFound, "model folder not found", source.folder.string());
    }
    CheckpointFiles files { source.folder / "config.json", {} };
    const std::filesystem::path single = source.folder / "model.safetensors";
    const std::filesystem::path index = source.folder / "model.safetensors.index.json";
    if (std::filesystem::exists(single)) {
        files.weights.push_back(single);
    } else if (std::filesystem::exists(index)) {
        Result<std::vector<std::filesystem::path>> shards = readShardIndex(index);
        if (!shards) {
            return shards.error();
        }
        files.weights = std::move(shards).value();
    } else {
        return makeError(ErrorCode::NotFound,
            "no model.safetensors or model.safetensors.index.json (only safetensors checkpoints are "
            "read; convert pytorch_model.bin first)",
            source.folder.string());
    }
    return files;
}

Result<TensorMap> readCheckpoint(const std::vector<std::filesystem::path>& weights,
    const std::vector<ExpectedTensor>& expected, const std::set<std::string>& ignored)
{
    std::vector<SafetensorsFile> files;
    std::map<std::string, Located> available;
    files.reserve(weights.size()); // Located keeps pointers into `files`
    for (const std::filesystem::path& path : weights) {
        Result<SafetensorsFile> file = SafetensorsFile::open(path);
        if (!file) {
            return file.error();
        }
        files.push_back(std::move(file).value());
        for (const SafetensorsEntry& entry : files.back().entries()) {
            if (!available.emplace(entry.name, Located { &files.back(), &entry }).second) {
                return makeError(ErrorCode::InvalidFormat, "tensor appears in two shards", entry.name);
            }
        }
    }
    std::vector<std::string> missing;
    std::vector<std::string> misshaped;
    std::set<std::string> wanted;
    for (const ExpectedTensor& tensor : expected) {
        wanted.insert(tensor.name);
        const auto it = available.find(tensor.name);
        if (it == available.end()) {
            missing.push_back(tensor.name);
        } else if (it->second.entry->shape != tensor.shape) {
            misshaped.push_back(
                tensor.name + " " + shapeText(it->second.entry->shape) + " (expected " + shapeText(tensor.shape) + ")");
        }
    }
    std::vector<std::string> unexpected;
    for (const auto& [name, located] : available) {
        if (wanted.count(name) == 0 && ignored.count(name) == 0) {
            unexpected.push_back(name);
        }
    }
    if (!missing.empty() || !misshaped.empty() || !unexpected.empty()) {
        std::string message = "checkpoint does not match the architecture in its config.json:";
        appendList(message, "missing keys", missing);
        appendList(message, "unexpected keys", unexpected);
        appendList(message, "mis-shaped keys", misshaped);
        return makeError(ErrorCode::InvalidFormat, message, weights.empty() ? "" : weights.front().string());
    }
    TensorMap tensors;
    for (const ExpectedTensor& tensor : expected) {
        const Located& located = available.at(tensor.name);
        at::Tensor value = at::empty(tensor.shape, at::kFloat);
        if (core::Status status = located.file->readFloatInto(*located.entry, value.data_ptr<float>()); !status) {
            return status.error();
        }
        tensors.emplace(tensor.name, std::move(value));
    }
    return tensors;
}

TensorMap randomCheckpoint(const std::vector<ExpectedTensor>& expected, uint64_t seed)
{
    at::Generator generator = at::detail::createCPUGenerator(seed);
    TensorMap tensors;
    for (const ExpectedTensor& tensor : expected) {
        const bool isNormWeight
            = tensor.name.find("norm") != std::string::npos && tensor.name.find(".weight") != std::string::npos;
        const bool isLayerScale = tensor.name.find("lambda1") != std::string::npos;
        at::Tensor value = isNormWeight ? at::ones(tensor.shape, at::kFloat)
            : isLayerScale              ? at::full(tensor.shape, 0.1, at::kFloat)
                                        : at::normal(0.0, 0.02, tensor.shape, generator, at::TensorOptions(at::kFloat));
        tensors.emplace(tensor.name, std::move(value));
    }
    return tensors;
}

at::Tensor take(TensorMap& tensors, const std::string& name)
{
    auto node = tensors.extract(name);
    TORCH_CHECK(!node.empty(), "internal: tensor ", name, " was not loaded");
    return std::move(node.mapped());
}

} // namespace dinolens::inference::detail
