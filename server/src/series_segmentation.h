#pragma once
// Private: a whole volume through a model's batching queue, and the series answer built from the mask (shared by
// /v1/segment/series and /v1/segment/pacs).

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/volume.h"
#include "dinolens/inference/volume_segmentation.h"
#include "server_impl.h"

namespace dinolens::server {

struct SeriesMask {
    core::LabelMask mask;
    std::array<double, 4> confidenceSum {};
    std::array<int64_t, 4> confidenceCount {};
    float tumorProbability = 0.0f; // the largest slice score (core/detection_metrics.h)
    bool tumorPresent = false; // any slice found a tumour
    bool threePlanes = false; // the answer fuses the three planes (inference/volume_segmentation.h)
};

/// Segments every slice in the planes `planes` chooses (Auto: three-plane fusion of a near-isotropic volume, as
/// `dinolens-cli segment` does); submits at most `chunk` slices at a time so that one series cannot fill the queue.
/// Errors: Unavailable (queue full), Cancelled (shutting down), TimedOut (past `deadline`), a slice's error,
/// TooLarge (no memory to fuse).
core::Result<SeriesMask> segmentVolume(BatchingQueue& queue, const core::Volume& volume, int chunk,
    std::chrono::steady_clock::time_point deadline, inference::SlicePlanes planes = inference::SlicePlanes::Auto);

/// Voxels, mm^3, ml and mean confidence of each tumour class.
nlohmann::json classVolumes(const SeriesMask& result);

/// The series answer: model, dims, spacing, the mask as gzip NIfTI (base64), class volumes, the verdict.
/// Errors: Unwritable (the mask could not be written in `scratch`).
core::Result<nlohmann::json> seriesReport(const std::filesystem::path& scratch, const std::string& model,
    const core::Volume& volume, const SeriesMask& result);

/// A segmented series and its answer.
struct SeriesAnswer {
    SeriesMask result;
    nlohmann::json report;
};

/// segmentVolume (in `impl`'s chunks, until the request's deadline from `start`) and seriesReport, with the errors
/// as the answer's: the queue's and the slices' (httpErrorFrom), 500 when the mask cannot be written.
HttpResult<SeriesAnswer> answerSeries(Server::Impl& impl, BatchingQueue& queue, const std::string& model,
    const core::Volume& volume, std::chrono::steady_clock::time_point start,
    inference::SlicePlanes planes = inference::SlicePlanes::Auto);

} // namespace dinolens::server
