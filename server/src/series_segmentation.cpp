#include "series_segmentation.h"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/polygon_label.h"
#include "segment_report.h"

namespace dinolens::server {

core::Result<SeriesMask> segmentVolume(BatchingQueue& queue, const core::Volume& volume, int chunk,
    std::chrono::steady_clock::time_point deadline, inference::SlicePlanes planes)
{
    SeriesMask result;
    // Each batch of slices goes through the model's queue, pooled there with other requests' slices.
    const inference::SliceBatchPredictor predict
        = [&](const std::vector<inference::GreySliceView>& slices,
              bool withTumorMap) -> core::Result<std::vector<inference::SlicePrediction>> {
        std::vector<std::future<SliceResult>> answers(slices.size());
        for (size_t i = 0; i < slices.size(); ++i) {
            const inference::GreySliceView& view = slices[i];
            const size_t pixels = static_cast<size_t>(view.width) * static_cast<size_t>(view.height);
            SliceRequest slice { std::vector<std::uint8_t>(view.grey, view.grey + pixels), view.width, view.height,
                false, deadline, withTumorMap };
            const SubmitOutcome outcome = queue.submit(std::move(slice), answers[i]);
            if (outcome != SubmitOutcome::Queued) {
                return submitRefusal(outcome);
            }
        }
        std::vector<inference::SlicePrediction> predictions;
        predictions.reserve(slices.size());
        for (auto& answer : answers) {
            if (answer.wait_until(deadline) != std::future_status::ready) {
                return core::makeError(
                    core::ErrorCode::TimedOut, "the series did not finish within the server's time limit");
            }
            SliceResult prediction = answer.get();
            if (!prediction) {
                return prediction.error();
            }
            for (size_t c = 0; c < 4; ++c) {
                result.confidenceSum[c] += prediction->classConfidence[c];
                result.confidenceCount[c] += prediction->classConfidence[c] > 0 ? 1 : 0;
            }
            predictions.push_back(std::move(*prediction));
        }
        return predictions;
    };
    auto segmented = inference::segmentVolume(predict, queue.detection(), volume, { .batch = chunk, .planes = planes });
    if (!segmented) {
        return segmented.error();
    }
    result.mask = std::move(segmented->mask);
    result.tumorProbability = segmented->tumorProbability;
    result.tumorPresent = segmented->tumorPresent;
    result.threePlanes = segmented->threePlanes;
    return result;
}

namespace {

std::string readAll(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

} // namespace

nlohmann::json classVolumes(const SeriesMask& result)
{
    std::array<int64_t, 4> counts {};
    for (const std::uint8_t label : result.mask.labels) {
        ++counts[std::min<std::uint8_t>(label, 3)];
    }
    const double voxelMm3 = result.mask.spacing[0] * result.mask.spacing[1] * result.mask.spacing[2];
    nlohmann::json classes = nlohmann::json::array();
    for (size_t id = 1; id <= 3; ++id) {
        const double confidence = result.confidenceCount[id] > 0
            ? result.confidenceSum[id] / static_cast<double>(result.confidenceCount[id])
            : 0.0;
        classes.push_back({ { "id", id }, { "name", core::tumorClassName(static_cast<int>(id)) },
            { "voxels", counts[id] }, { "volume_mm3", static_cast<double>(counts[id]) * voxelMm3 },
            { "volume_ml", static_cast<double>(counts[id]) * voxelMm3 / 1000.0 }, { "confidence", confidence } });
    }
    return classes;
}

core::Result<nlohmann::json> seriesReport(const std::filesystem::path& scratch, const std::string& model,
    const core::Volume& volume, const SeriesMask& result)
{
    static std::atomic<unsigned long long> counter { 0 };
    const auto path = scratch / ("mask-" + std::to_string(++counter) + ".nii.gz");
    const auto written = core::writeNiftiLabelMask(path, result.mask, { volume.origin, volume.direction });
    if (!written) {
        return written.error();
    }
    const std::string nifti = readAll(path);
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return nlohmann::json { { "model", model }, { "dims", volume.dims }, { "spacing_mm", volume.spacing },
        { "mask_nifti_gz", base64Encode(nifti) }, { "classes", classVolumes(result) },
        { "tumour_present", result.tumorPresent }, { "tumour_probability", result.tumorProbability },
        { "planes", result.threePlanes ? "three" : "acquired" } };
}

HttpResult<SeriesAnswer> answerSeries(Server::Impl& impl, BatchingQueue& queue, const std::string& model,
    const core::Volume& volume, std::chrono::steady_clock::time_point start, inference::SlicePlanes planes)
{
    auto result
        = segmentVolume(queue, volume, std::max(1, impl.options.maxBatch), start + impl.options.requestTimeout, planes);
    if (!result) {
        return httpErrorFrom(result.error());
    }
    auto report = seriesReport(impl.scratch, model, volume, *result);
    if (!report) {
        return HttpError { 500, "internal", "cannot write the mask" };
    }
    return SeriesAnswer { std::move(*result), std::move(*report) };
}

} // namespace dinolens::server
