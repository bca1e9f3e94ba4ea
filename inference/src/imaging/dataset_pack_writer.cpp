// `dinolens-cli pack`: the datasets' splits read as training reads them (training_data.h), into one safetensors file
// (dataset_pack.h). Every split is held in memory until the file is written.
#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "dinolens/core/json_text.h"
#include "dinolens/inference/dataset_pack.h"
#include "dinolens/inference/safetensors.h"
#include "training_data.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;

namespace {

struct PackedSplit {
    std::string name;
    std::string slicePlanes;
    std::vector<float> grey;
    std::vector<uint8_t> mask;
    std::vector<int32_t> source;
    std::vector<int64_t> imageHash;
    std::vector<int64_t> labelHash;
    nlohmann::json stems = nlohmann::json::array();
    TrainingDataReport report;
};

PackedSplit packSplit(const std::string& name, const std::string& slicePlanes, detail::TrainingData& data)
{
    PackedSplit split;
    split.name = name;
    split.slicePlanes = slicePlanes;
    split.report = data.report;
    const size_t plane = static_cast<size_t>(data.resolution) * static_cast<size_t>(data.resolution);
    split.grey.reserve(data.samples.size() * plane);
    split.mask.reserve(data.samples.size() * plane);
    for (detail::TrainingSample& sample : data.samples) {
        split.grey.insert(split.grey.end(), sample.grey.begin(), sample.grey.end());
        split.mask.insert(split.mask.end(), sample.mask.begin(), sample.mask.end());
        split.source.push_back(sample.dataset);
        split.imageHash.push_back(static_cast<int64_t>(sample.imageHash));
        split.labelHash.push_back(static_cast<int64_t>(sample.labelHash));
        split.stems.push_back(sample.stem);
        std::vector<float>().swap(sample.grey); // the copy above replaces it
    }
    return split;
}

template <typename T>
SafetensorsRawTensor raw(SafetensorsDtype dtype, std::vector<int64_t> shape, const std::vector<T>& v)
{
    return { dtype, std::move(shape), std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T)) };
}

} // namespace

core::Result<DatasetPackSummary> writeDatasetPack(
    const std::filesystem::path& output, const DatasetPackOptions& options)
{
    if (options.datasets.empty() || options.splits.empty()) {
        return makeError(ErrorCode::InvalidArgument, "nothing to pack: give at least one dataset and one split");
    }
    if (options.slicePlanes != "acquired" && options.slicePlanes != "all") {
        return makeError(ErrorCode::InvalidArgument, "slice planes must be acquired or all", options.slicePlanes);
    }
    DatasetPackSummary summary;
    std::vector<PackedSplit> splits;
    for (size_t s = 0; s < options.splits.size(); ++s) {
        TrainingConfig config;
        config.datasets = options.datasets;
        config.split = options.splits[s];
        config.resolution = options.resolution;
        config.maxImages = options.maxImages;
        config.slicePlanes = s == 0 ? options.slicePlanes : "acquired";
        auto data = detail::loadTrainingData(config, options.cancel, options.progress);
        if (!data && data.error().code == ErrorCode::NotFound) {
            summary.absentSplits.push_back(config.split);
            continue;
        }
        if (!data) {
            return data.error();
        }
        const TrainingDataReport& report = data->report;
        summary.splits.push_back({ config.split, report.images, report.imagesWithoutTumour,
            report.undecodableImages + report.missingLabels + report.invalidLabels });
        splits.push_back(packSplit(config.split, config.slicePlanes, *data));
    }
    if (splits.empty()) {
        TrainingConfig described;
        described.datasets = options.datasets;
        return makeError(
            ErrorCode::NotFound, "none of the splits asked for is in the datasets", describeDatasets(described));
    }
    std::map<std::string, SafetensorsRawTensor> tensors;
    nlohmann::json splitJson = nlohmann::json::object();
    for (const PackedSplit& split : splits) {
        const auto count = static_cast<int64_t>(split.source.size());
        const int64_t side = options.resolution;
        tensors[split.name + "/grey"] = raw(SafetensorsDtype::F32, { count, side, side }, split.grey);
        tensors[split.name + "/mask"] = raw(SafetensorsDtype::U8, { count, side, side }, split.mask);
        tensors[split.name + "/source"] = raw(SafetensorsDtype::I32, { count }, split.source);
        tensors[split.name + "/image_hash"] = raw(SafetensorsDtype::I64, { count }, split.imageHash);
        tensors[split.name + "/label_hash"] = raw(SafetensorsDtype::I64, { count }, split.labelHash);
        splitJson[split.name] = { { "stems", split.stems }, { "slice_planes", split.slicePlanes },
            { "report",
                { { "undecodable_images", split.report.undecodableImages },
                    { "missing_labels", split.report.missingLabels }, { "invalid_labels", split.report.invalidLabels },
                    { "skipped_polygons", split.report.skippedPolygons }, { "messages", split.report.messages } } } };
    }
    nlohmann::json datasets = nlohmann::json::array();
    for (const TrainingDataset& dataset : options.datasets) {
        datasets.push_back({ { "root", dataset.root.string() }, { "weight", dataset.weight } });
    }
    const std::map<std::string, std::string> metadata { { "format", kDatasetPackFormat }, { "version", "1" },
        { "resolution", std::to_string(options.resolution) }, { "datasets", core::jsonText(datasets) },
        { "splits", core::jsonText(splitJson) } };
    if (auto status = writeSafetensorsRaw(output, tensors, metadata); !status) {
        return status.error();
    }
    std::error_code error;
    summary.bytes = std::filesystem::file_size(output, error);
    return summary;
}

} // namespace dinolens::inference
