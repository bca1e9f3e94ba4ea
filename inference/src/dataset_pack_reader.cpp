// Reading packed datasets (dataset_pack.h) into training samples: every build, the one without imaging included.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "dinolens/core/polygon_label.h"
#include "dinolens/inference/dataset_pack.h"
#include "dinolens/inference/safetensors.h"
#include "training_data.h"

namespace dinolens::inference {

bool isDatasetPack(const std::filesystem::path& path)
{
    return path.extension() == ".safetensors";
}

namespace detail {

using core::ErrorCode;
using core::makeError;

namespace {

// The split's tensor `name`, checked to hold `dtype` and `count` values of `valueBytes` each.
core::Result<std::string_view> packTensor(
    const SafetensorsFile& file, const std::string& name, SafetensorsDtype dtype, const std::vector<int64_t>& shape)
{
    const SafetensorsEntry* entry = file.find(name);
    if (entry == nullptr) {
        return makeError(ErrorCode::InvalidFormat, "the pack has no tensor " + name, file.path().string());
    }
    if (entry->dtype != dtype || entry->shape != shape) {
        return makeError(ErrorCode::InvalidFormat,
            "tensor " + name + " has another dtype or shape than its split's samples", file.path().string());
    }
    return file.bytes(*entry);
}

template <typename T> T valueAt(std::string_view bytes, size_t index)
{
    T value {};
    std::memcpy(&value, bytes.data() + index * sizeof(T), sizeof(T));
    return value;
}

} // namespace

core::Status appendPackedSplit(const TrainingConfig& config, const std::filesystem::path& pack, int datasetIndex,
    TrainingData& data, const core::CancelToken& cancel)
{
    auto file = SafetensorsFile::open(pack);
    if (!file) {
        return file.error();
    }
    const auto& metadata = file->metadata();
    const auto field = [&](const char* key) {
        const auto it = metadata.find(key);
        return it == metadata.end() ? std::string() : it->second;
    };
    if (field("format") != kDatasetPackFormat) {
        return makeError(ErrorCode::InvalidFormat,
            "not a packed dataset (no \"format\": \"dinolens-pack\" in its metadata; write one with dinolens-cli pack)",
            pack.string());
    }
    if (field("version") != "1") {
        return makeError(
            ErrorCode::UnsupportedFormat, "pack version " + field("version") + " (this build reads 1)", pack.string());
    }
    if (field("resolution") != std::to_string(config.resolution)) {
        return makeError(ErrorCode::InvalidArgument,
            "the pack holds samples at " + field("resolution") + " pixels, the run asks for "
                + std::to_string(config.resolution) + " (--resolution, or pack again)",
            pack.string());
    }
    const auto splits = nlohmann::json::parse(field("splits"), nullptr, false);
    if (!splits.is_object()) {
        return makeError(
            ErrorCode::InvalidFormat, "the pack's \"splits\" metadata is not a JSON object", pack.string());
    }
    if (!splits.contains(config.split)) {
        return makeError(ErrorCode::NotFound, "the pack has no \"" + config.split + "\" split", pack.string());
    }
    const nlohmann::json& split = splits[config.split];
    const std::string planes = split.value("slice_planes", "acquired");
    if (planes != config.slicePlanes) {
        return makeError(ErrorCode::InvalidArgument,
            "the pack's \"" + config.split + "\" split holds " + planes + " slice planes, the run asks for "
                + config.slicePlanes + " (pack again with --slice-planes " + config.slicePlanes + ")",
            pack.string());
    }
    if (!split.contains("stems") || !split["stems"].is_array()) {
        return makeError(
            ErrorCode::InvalidFormat, "the pack's \"" + config.split + "\" split lists no stems", pack.string());
    }
    const nlohmann::json& stems = split["stems"];
    const auto count = static_cast<int64_t>(stems.size());
    const int64_t side = config.resolution;
    const std::string prefix = config.split + "/";
    auto grey = packTensor(*file, prefix + "grey", SafetensorsDtype::F32, { count, side, side });
    auto mask = packTensor(*file, prefix + "mask", SafetensorsDtype::U8, { count, side, side });
    auto source = packTensor(*file, prefix + "source", SafetensorsDtype::I32, { count });
    auto imageHash = packTensor(*file, prefix + "image_hash", SafetensorsDtype::I64, { count });
    auto labelHash = packTensor(*file, prefix + "label_hash", SafetensorsDtype::I64, { count });
    for (const auto* tensor : { &grey, &mask, &source, &imageHash, &labelHash }) {
        if (!*tensor) {
            return tensor->error();
        }
    }
    const auto plane = static_cast<size_t>(side * side);
    size_t take = static_cast<size_t>(count);
    if (config.maxImages > 0) {
        take = std::min(take,
            static_cast<size_t>(config.maxImages)
                - std::min(data.samples.size(), static_cast<size_t>(config.maxImages)));
    }
    for (size_t i = 0; i < take; ++i) {
        if (cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "cancelled while reading the data");
        }
        if (!stems[i].is_string()) {
            return makeError(ErrorCode::InvalidFormat, "a stem of the pack is not a string", pack.string());
        }
        TrainingSample& sample = data.samples.emplace_back();
        sample.stem = stems[i].get<std::string>();
        sample.dataset = datasetIndex;
        sample.imageHash = static_cast<uint64_t>(valueAt<int64_t>(*imageHash, i));
        sample.labelHash = static_cast<uint64_t>(valueAt<int64_t>(*labelHash, i));
        sample.grey.resize(plane);
        std::memcpy(sample.grey.data(), grey->data() + i * plane * sizeof(float), plane * sizeof(float));
        const auto* classes = reinterpret_cast<const uint8_t*>(mask->data()) + i * plane;
        sample.mask.assign(classes, classes + plane);
        if (std::any_of(
                sample.mask.begin(), sample.mask.end(), [](uint8_t id) { return id >= core::kTumorClassCount; })) {
            return makeError(ErrorCode::InvalidFormat,
                "sample " + sample.stem + " has class ids over " + std::to_string(core::kTumorClassCount - 1),
                pack.string());
        }
        if (std::any_of(sample.grey.begin(), sample.grey.end(), [](float v) { return !(v >= 0.0f && v <= 1.0f); })) {
            return makeError(
                ErrorCode::InvalidFormat, "sample " + sample.stem + " has grey values outside [0, 1]", pack.string());
        }
        data.report.fingerprint = foldFingerprint(data.report.fingerprint, sample);
    }
    const nlohmann::json report = split.value("report", nlohmann::json::object());
    if (report.is_object()) {
        data.report.undecodableImages += report.value("undecodable_images", 0);
        data.report.missingLabels += report.value("missing_labels", 0);
        data.report.invalidLabels += report.value("invalid_labels", 0);
        data.report.skippedPolygons += report.value("skipped_polygons", 0);
        const nlohmann::json messages = report.value("messages", nlohmann::json::array());
        for (const nlohmann::json& message : messages) {
            if (message.is_string() && data.report.messages.size() < 200) {
                data.report.messages.push_back(message.get<std::string>());
            }
        }
    }
    return core::okStatus();
}

} // namespace detail
} // namespace dinolens::inference
