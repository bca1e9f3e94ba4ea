// POST /v1/segment/pacs: {"node", "study_uid", "series_uid", "send_back"} -> the series answer of
// /v1/segment/series for a series the server retrieves from a PACS node of its own configuration (a request names a
// node, never an address, so the server cannot be turned against the network), plus, with send_back, the DICOM SEG
// it stored into the study on the same node.
#include <algorithm>
#include <atomic>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/pacs/pacs_client.h"
#include "dinolens/pacs/retrieve_cache.h"
#include "series_segmentation.h"
#include "server_impl.h"

namespace dinolens::server {
namespace {

using Clock = std::chrono::steady_clock;

struct PacsRequest {
    std::string node;
    std::string studyUid;
    std::string seriesUid;
    bool sendBack = false;
};

HttpResult<PacsRequest> decodePacsRequest(const Upload& upload)
{
    if (upload.multipart) {
        return HttpError { 415, "unsupported_media_type", "send a JSON object" };
    }
    const nlohmann::json body = nlohmann::json::parse(upload.body, nullptr, false);
    PacsRequest request;
    if (body.is_object() && body.contains("node") && body["node"].is_string() && body.contains("study_uid")
        && body["study_uid"].is_string() && body.contains("series_uid") && body["series_uid"].is_string()) {
        request.node = body["node"].get<std::string>();
        request.studyUid = body["study_uid"].get<std::string>();
        request.seriesUid = body["series_uid"].get<std::string>();
        request.sendBack = body.value("send_back", false);
    }
    if (request.node.empty() || !pacs::isSafeUid(request.studyUid) || !pacs::isSafeUid(request.seriesUid)) {
        return HttpError { 400, "invalid_request",
            "send {\"node\": a configured PACS node, \"study_uid\", \"series_uid\": UIDs, \"send_back\": bool}" };
    }
    return request;
}

// The retrieved series as a volume; the PACS's failures are the gateway's (502), too many slices 413.
HttpResult<core::Volume> retrieveVolume(
    Server::Impl& impl, const pacs::PacsNode& node, const PacsRequest& request, const std::filesystem::path& folder)
{
    pacs::RetrieveOptions options;
    options.destination = folder;
    auto retrieved = pacs::retrieve(node, { request.studyUid, request.seriesUid }, options);
    if (!retrieved) {
        // The PACS does not hold it (404), or the PACS failed: the gateway's error (502).
        return retrieved.error().code == core::ErrorCode::NotFound
            ? HttpError { 404, "not_found", "the PACS node '" + node.name + "' holds no such series" }
            : HttpError { 502, "pacs_failed", "the PACS node '" + node.name + "': " + retrieved.error().message };
    }
    if (retrieved->instances.empty()) {
        return HttpError { 404, "not_found", "the PACS node holds no instance of that series" };
    }
    if (static_cast<int>(retrieved->instances.size()) > impl.options.maxSeriesSlices) {
        return HttpError { 413, "too_large", "the series has more slices than the server's limit" };
    }
    auto scan = core::scanPath(folder / request.seriesUid);
    auto volume = scan && !scan->studies.empty() && !scan->studies.front().series.empty()
        ? core::loadSeries(scan->studies.front().series.front())
        : core::Result<core::Volume>(core::makeError(core::ErrorCode::InvalidFormat, "no readable series"));
    if (!volume) {
        return httpErrorFrom(volume.error());
    }
    return std::move(*volume);
}

// The SEG of the mask stored back into the study; what happened, as the answer's "sent".
nlohmann::json sendBack(const pacs::PacsNode& node, const SeriesMask& result, const core::Volume& volume,
    const std::filesystem::path& folder)
{
    nlohmann::json sent { { "node", node.name } };
    if (!result.tumorPresent
        || std::all_of(
            result.mask.labels.begin(), result.mask.labels.end(), [](std::uint8_t label) { return label == 0; })) {
        sent["skipped"] = "no tumour found: there is no segmentation to send";
        return sent;
    }
    const std::filesystem::path seg = folder / "segmentation.dcm";
    if (auto written = core::writeDicomSeg(seg, result.mask, volume); !written) {
        sent["error"]
            = { { "code", core::errorCodeName(written.error().code) }, { "message", written.error().message } };
        return sent;
    }
    auto stored = pacs::store(node, { seg });
    if (!stored) {
        sent["error"] = { { "code", core::errorCodeName(stored.error().code) }, { "message", stored.error().message } };
        return sent;
    }
    sent["method"] = stored->method;
    sent["sop_instance_uids"] = stored->storedSopInstanceUids;
    auto segmentation = core::readDicomSeg(seg);
    sent["series_uid"] = segmentation ? segmentation->seriesInstanceUid : std::string();
    nlohmann::json failures = nlohmann::json::array();
    for (const pacs::StoreFailure& failure : stored->failures) {
        failures.push_back({ { "instance", failure.sopInstanceUid }, { "reason", failure.reason } });
    }
    sent["failures"] = failures;
    return sent;
}

// The series answer for a request already decoded, its files retrieved into `folder`.
HttpResult<nlohmann::json> segmentRetrieved(Server::Impl& impl, BatchingQueue& queue, const std::string& model,
    const pacs::PacsNode& node, const PacsRequest& request, const std::filesystem::path& folder,
    Clock::time_point start)
{
    const auto volume = retrieveVolume(impl, node, request, folder);
    if (!volume) {
        return volume.error();
    }
    auto answer = answerSeries(impl, queue, model, *volume, start);
    if (!answer) {
        return answer.error();
    }
    if (request.sendBack) {
        answer->report["sent"] = sendBack(node, answer->result, *volume, folder);
    }
    return std::move(answer->report);
}

HttpResult<nlohmann::json> segmentFromPacs(
    Server::Impl& impl, const httplib::Request& request, const Upload& upload, Clock::time_point start)
{
    const auto decoded = decodePacsRequest(upload);
    if (!decoded) {
        return decoded.error();
    }
    auto node = pacs::findNode(impl.pacsNodes, decoded->node);
    if (!node) {
        return HttpError { 404, "unknown_node", "the server has no PACS node of that name" };
    }
    const auto chosen = chooseModel(impl, request, upload);
    if (!chosen) {
        return chosen.error();
    }
    static std::atomic<unsigned long long> counter { 0 };
    const std::filesystem::path folder = impl.scratch / ("pacs-" + std::to_string(++counter));
    auto report = segmentRetrieved(impl, *chosen->queue, chosen->name, *node, *decoded, folder, start);
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
    if (report) {
        (*report)["node"] = node->name;
        (*report)["study_uid"] = decoded->studyUid;
        (*report)["series_uid"] = decoded->seriesUid;
    }
    return report;
}

} // namespace

void registerPacsRoute(Server::Impl& impl)
{
    postModelRoute(
        impl, "/v1/segment/pacs", [&impl](const httplib::Request& request, Upload& upload, Clock::time_point start) {
            return segmentFromPacs(impl, request, upload, start);
        });
}

} // namespace dinolens::server
