// POST /v1/segment/series: a whole DICOM series as multipart (one part per instance) -> a NIfTI mask of the
// volume (gzip, base64) and per-class volumes. Slices go through the model's queue in batches; a near-isotropic
// volume is fused over its three planes unless ?planes= says otherwise.
#include <optional>

#include <nlohmann/json.hpp>

#include "segment_report.h"
#include "series_segmentation.h"
#include "server_impl.h"
#include "upload_names.h"

namespace dinolens::server {
namespace {

using Clock = std::chrono::steady_clock;

// ?planes=auto (the default: three-plane fusion of a near-isotropic volume), acquired or three.
std::optional<inference::SlicePlanes> slicePlanes(const httplib::Request& request)
{
    const std::string value = request.has_param("planes") ? request.get_param_value("planes") : "auto";
    for (const auto planes :
        { inference::SlicePlanes::Auto, inference::SlicePlanes::Acquired, inference::SlicePlanes::Three }) {
        if (value == inference::slicePlanesName(planes)) {
            return planes;
        }
    }
    return std::nullopt;
}

void segmentSeries(Server::Impl& impl, const httplib::Request& request, Upload& upload, httplib::Response& response)
{
    const auto start = Clock::now();
    if (!upload.multipart) {
        sendError(response, { 415, "unsupported_media_type", "send the series as multipart/form-data" });
        return;
    }
    const auto planes = slicePlanes(request);
    if (!planes) {
        sendError(response, { 400, "bad_request", "planes must be auto, acquired or three" });
        return;
    }
    const auto chosen = chooseModel(impl, request, upload);
    if (!chosen) {
        sendError(response, chosen.error());
        return;
    }
    const std::string& model = chosen->name;
    BatchingQueue* queue = chosen->queue;
    std::vector<UploadedFile> files;
    for (UploadPart& part : upload.parts) {
        if (part.name != "model") {
            files.push_back({ std::move(part.bytes), partLabel(part.number) });
        }
    }
    const auto decoded = decodeSeries(impl.scratch, files, impl.limits());
    if (!decoded) {
        sendError(response, decoded.error());
        return;
    }
    const core::Volume& volume = *decoded;
    auto answer = answerSeries(impl, *queue, model, volume, start, *planes);
    if (!answer) {
        sendError(response, answer.error());
        return;
    }
    answer->report["elapsed_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    sendJson(response, jsonText(answer->report));
}

} // namespace

void registerSeriesRoute(Server::Impl& impl)
{
    postUpload(*impl.http, "/v1/segment/series", impl.uploadLimits(),
        [&impl](const httplib::Request& request, Upload& upload, httplib::Response& response) {
            segmentSeries(impl, request, upload, response);
        });
}

} // namespace dinolens::server
