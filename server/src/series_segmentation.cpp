#include "series_segmentation.h"

#include <atomic>
#include <fstream>
#include <sstream>

#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/windowing.h"
#include "segment_report.h"

namespace dinolens::server {

core::Result<SeriesMask> segmentVolume(
    BatchingQueue& queue, const core::Volume& volume, int chunk, std::chrono::steady_clock::time_point deadline)
{
    SeriesMask result;
    result.mask = core::LabelMask::zeros(volume.dims[0], volume.dims[1], volume.dims[2]);
    result.mask.spacing = volume.spacing;
    const core::WindowLevel window = core::defaultWindow(volume);
    const size_t sliceSize = volume.sliceVoxelCount();
    for (int first = 0; first < volume.dims[2]; first += chunk) {
        const int last = std::min(volume.dims[2], first + chunk);
        std::vector<std::future<SliceResult>> answers(static_cast<size_t>(last - first));
        for (int k = first; k < last; ++k) {
            SliceRequest slice { greySlice(volume, k, window), volume.dims[0], volume.dims[1], false, deadline };
            const SubmitOutcome outcome = queue.submit(std::move(slice), answers[static_cast<size_t>(k - first)]);
            if (outcome != SubmitOutcome::Queued) {
                return submitRefusal(outcome);
            }
        }
        for (int k = first; k < last; ++k) {
            auto& answer = answers[static_cast<size_t>(k - first)];
            if (answer.wait_until(deadline) != std::future_status::ready) {
                return core::makeError(
                    core::ErrorCode::TimedOut, "the series did not finish within the server's time limit");
            }
            SliceResult prediction = answer.get();
            if (!prediction) {
                return prediction.error();
            }
            std::copy(prediction->mask.labels.begin(), prediction->mask.labels.end(),
                result.mask.labels.begin() + static_cast<std::ptrdiff_t>(sliceSize * static_cast<size_t>(k)));
            result.tumorProbability = std::max(result.tumorProbability, prediction->tumorProbability);
            result.tumorPresent = result.tumorPresent || prediction->tumorPresent;
            for (size_t c = 0; c < 4; ++c) {
                result.confidenceSum[c] += prediction->classConfidence[c];
                result.confidenceCount[c] += prediction->classConfidence[c] > 0 ? 1 : 0;
            }
        }
    }
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
        { "tumour_present", result.tumorPresent }, { "tumour_probability", result.tumorProbability } };
}

} // namespace dinolens::server
