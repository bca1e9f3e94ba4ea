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

HttpResult<nlohmann::json> segmentSeries(
    Server::Impl& impl, const httplib::Request& request, Upload& upload, Clock::time_point start)
{
    if (!upload.multipart) {
        return HttpError { 415, "unsupported_media_type", "send the series as multipart/form-data" };
    }
    const auto planes = slicePlanes(request);
    if (!planes) {
        return HttpError { 400, "bad_request", "planes must be auto, acquired or three" };
    }
    const auto chosen = chooseModel(impl, request, upload);
    if (!chosen) {
        return chosen.error();
    }
    std::vector<UploadedFile> files;
    for (UploadPart& part : upload.parts) {
        if (part.name != "model") {
            files.push_back({ std::move(part.bytes), partLabel(part.number) });
        }
    }
    const auto volume = decodeSeries(impl.scratch, files, impl.limits());
    if (!volume) {
        return volume.error();
    }
    auto answer = answerSeries(impl, *chosen->queue, chosen->name, *volume, start, *planes);
    if (!answer) {
        return answer.error();
    }
    return std::move(answer->report);
}

} // namespace

void registerSeriesRoute(Server::Impl& impl)
{
    postModelRoute(
        impl, "/v1/segment/series", [&impl](const httplib::Request& request, Upload& upload, Clock::time_point start) {
            return segmentSeries(impl, request, upload, start);
        });
}

} // namespace dinolens::server
