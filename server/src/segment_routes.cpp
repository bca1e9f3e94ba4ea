// POST /v1/segment: one image (raw body or multipart) -> masks, contours, areas, confidence, feature maps.
#include <nlohmann/json.hpp>

#include "segment_report.h"
#include "server_impl.h"

namespace dinolens::server {
namespace {

using Clock = std::chrono::steady_clock;

// The uploaded image and its declared type, from a raw body or the multipart part "image" (else the first file).
bool uploadedImage(const httplib::Request& request, std::string& bytes, std::string& contentType)
{
    if (!request.is_multipart_form_data()) {
        bytes = request.body;
        contentType = request.get_header_value("Content-Type");
        return true;
    }
    const httplib::MultipartFormData* part = nullptr;
    if (request.has_file("image")) {
        part = &request.files.find("image")->second;
    } else {
        for (const auto& [name, candidate] : request.files) {
            if (!candidate.filename.empty()) {
                part = &candidate;
                break;
            }
        }
    }
    if (part == nullptr) {
        return false;
    }
    bytes = part->content;
    contentType = part->content_type;
    if (contentType.empty() || contentType == "application/octet-stream") {
        const std::string name = part->filename;
        const auto extension = name.substr(std::min(name.size(), name.rfind('.')));
        contentType = extension == ".png"                 ? "image/png"
            : extension == ".jpg" || extension == ".jpeg" ? "image/jpeg"
            : extension == ".dcm" || extension.empty()    ? "application/dicom"
                                                          : contentType;
    }
    return true;
}

int intParameter(const httplib::Request& request, const char* name, int fallback)
{
    if (!request.has_param(name)) {
        return fallback;
    }
    try {
        return std::stoi(request.get_param_value(name));
    } catch (const std::exception&) {
        return fallback;
    }
}

FeatureMapQuery featureQuery(const httplib::Request& request)
{
    FeatureMapQuery query;
    const std::string value = request.get_param_value("features");
    query.enabled = value == "1" || value == "true" || value == "yes";
    query.row = intParameter(request, "row", -1);
    query.column = intParameter(request, "col", -1);
    return query;
}

void segment(Server::Impl& impl, const httplib::Request& request, httplib::Response& response)
{
    const auto start = Clock::now();
    std::string model;
    BatchingQueue* queue = modelQueue(impl, request, response, model);
    if (queue == nullptr) {
        return;
    }
    std::string bytes;
    std::string contentType;
    if (!uploadedImage(request, bytes, contentType)) {
        sendError(response, { 400, "no_image", "the multipart upload has no file part (name it 'image')" });
        return;
    }
    DecodeOutcome decoded = decodeSlice(impl.scratch, bytes, contentType, impl.limits());
    if (!decoded.slice) {
        sendError(response, decoded.error);
        return;
    }
    const FeatureMapQuery features = featureQuery(request);
    SliceRequest slice { std::move(decoded.slice->grey), decoded.slice->width, decoded.slice->height, features.enabled,
        start + impl.options.requestTimeout };
    HttpError error;
    const auto prediction = runSlice(*queue, std::move(slice), error);
    if (!prediction) {
        sendError(response, error);
        return;
    }
    nlohmann::json report = segmentReport(*prediction, decoded.slice->spacingMm, features);
    report["model"] = model;
    report["elapsed_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    sendJson(response, report.dump());
}

} // namespace

BatchingQueue* modelQueue(
    Server::Impl& impl, const httplib::Request& request, httplib::Response& response, std::string& model)
{
    if (impl.draining) {
        sendError(response, { 503, "shutting_down", "the server is shutting down", 1 });
        return nullptr;
    }
    model = request.get_param_value("model");
    if (model.empty() && request.has_file("model")) {
        model = request.files.find("model")->second.content;
    }
    if (model.empty()) {
        model = impl.pool->defaultModel();
    }
    if (!impl.pool->known(model)) {
        sendError(response, { 404, "unknown_model", "no model '" + model + "' (see GET /v1/models)" });
        return nullptr;
    }
    BatchingQueue* queue = impl.pool->queue(model);
    if (queue == nullptr) {
        sendError(response, { 503, "model_not_ready", "model '" + model + "' is not loaded (see GET /v1/models)", 1 });
    }
    return queue;
}

std::optional<inference::SlicePrediction> runSlice(BatchingQueue& queue, SliceRequest slice, HttpError& error)
{
    const auto deadline = slice.deadline;
    std::future<SliceResult> answer;
    switch (queue.submit(std::move(slice), answer)) {
    case SubmitOutcome::Full:
        error = { 503, "queue_full", "the model's queue is full; retry later", 1 };
        return std::nullopt;
    case SubmitOutcome::ShuttingDown:
        error = { 503, "shutting_down", "the server is shutting down", 1 };
        return std::nullopt;
    case SubmitOutcome::Queued:
        break;
    }
    if (answer.wait_until(deadline) != std::future_status::ready) {
        error = { 504, "timeout", "the request did not finish within the server's time limit" };
        return std::nullopt;
    }
    SliceResult result = answer.get();
    if (!result) {
        error = result.error().code == core::ErrorCode::Cancelled ? HttpError { 504, "timeout", result.error().message }
                                                                  : httpErrorFrom(result.error());
        return std::nullopt;
    }
    return std::move(*result);
}

void registerSegmentRoutes(Server::Impl& impl)
{
    impl.http.Post("/v1/segment",
        [&impl](const httplib::Request& request, httplib::Response& response) { segment(impl, request, response); });
}

} // namespace dinolens::server
