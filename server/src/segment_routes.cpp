// POST /v1/segment: one image (raw body or multipart) -> masks, contours, areas, confidence, feature maps.
#include <nlohmann/json.hpp>

#include "segment_report.h"
#include "server_impl.h"
#include "upload_names.h"

namespace dinolens::server {
namespace {

using Clock = std::chrono::steady_clock;

// The uploaded image, its declared type and the name answers give it: the raw body, or the multipart part
// "image" (else the first file part).
struct UploadedImage {
    const std::string* bytes = nullptr;
    std::string contentType;
    std::string label;
};

std::optional<UploadedImage> uploadedImage(const Upload& upload)
{
    if (!upload.multipart) {
        return UploadedImage { &upload.body, upload.contentType, "the request body" };
    }
    const UploadPart* part = upload.part("image");
    for (auto it = upload.parts.begin(); part == nullptr && it != upload.parts.end(); ++it) {
        if (!it->filename.empty()) {
            part = &*it;
        }
    }
    if (part == nullptr) {
        return std::nullopt;
    }
    UploadedImage image { &part->bytes, part->contentType, partLabel(part->number) };
    if (image.contentType.empty() || image.contentType == "application/octet-stream") {
        const std::string& name = part->filename;
        const auto extension = name.substr(std::min(name.size(), name.rfind('.')));
        image.contentType = extension == ".png"           ? "image/png"
            : extension == ".jpg" || extension == ".jpeg" ? "image/jpeg"
            : extension == ".dcm" || extension.empty()    ? "application/dicom"
                                                          : image.contentType;
    }
    return image;
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

HttpResult<nlohmann::json> segment(
    Server::Impl& impl, const httplib::Request& request, const Upload& upload, Clock::time_point start)
{
    const auto chosen = chooseModel(impl, request, upload);
    if (!chosen) {
        return chosen.error();
    }
    const auto image = uploadedImage(upload);
    if (!image) {
        return HttpError { 400, "no_image", "the multipart upload has no file part (name it 'image')" };
    }
    auto decoded = decodeSlice(impl.scratch, *image->bytes, image->label, image->contentType, impl.limits());
    if (!decoded) {
        return decoded.error();
    }
    const FeatureMapQuery features = featureQuery(request);
    SliceRequest slice { std::move(decoded->grey), decoded->width, decoded->height, features.enabled,
        start + impl.options.requestTimeout };
    const auto prediction = runSlice(*chosen->queue, std::move(slice));
    if (!prediction) {
        return httpErrorFrom(prediction.error());
    }
    nlohmann::json report = segmentReport(*prediction, decoded->spacingMm, features);
    report["model"] = chosen->name;
    return report;
}

} // namespace

HttpResult<ModelChoice> chooseModel(Server::Impl& impl, const httplib::Request& request, const Upload& upload)
{
    if (impl.draining) {
        return HttpError { 503, "shutting_down", "the server is shutting down", 1 };
    }
    std::string model = request.get_param_value("model");
    if (const UploadPart* field = upload.part("model"); model.empty() && field != nullptr) {
        model = field->bytes;
    }
    if (model.empty()) {
        model = impl.pool->defaultModel();
    }
    if (!isValidUtf8(model)) {
        return HttpError { 404, "unknown_model", "no such model: the model name is not valid UTF-8" };
    }
    if (!impl.pool->known(model)) {
        return HttpError { 404, "unknown_model", "no model '" + model + "' (see GET /v1/models)" };
    }
    BatchingQueue* queue = impl.pool->queue(model);
    if (queue == nullptr) {
        return HttpError { 503, "model_not_ready", "model '" + model + "' is not loaded (see GET /v1/models)", 1 };
    }
    return ModelChoice { std::move(model), queue };
}

SliceResult runSlice(BatchingQueue& queue, SliceRequest slice)
{
    const auto deadline = slice.deadline;
    std::future<SliceResult> answer;
    if (const SubmitOutcome outcome = queue.submit(std::move(slice), answer); outcome != SubmitOutcome::Queued) {
        return submitRefusal(outcome);
    }
    if (answer.wait_until(deadline) != std::future_status::ready) {
        return core::makeError(core::ErrorCode::TimedOut, "the request did not finish within the server's time limit");
    }
    return answer.get();
}

void postModelRoute(Server::Impl& impl, const std::string& path, ModelRoute route)
{
    postUpload(*impl.http, path, impl.uploadLimits(),
        [route = std::move(route)](const httplib::Request& request, Upload& upload, httplib::Response& response) {
            const auto start = Clock::now();
            auto answer = route(request, upload, start);
            if (!answer) {
                sendError(response, answer.error());
                return;
            }
            (*answer)["elapsed_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            sendJson(response, jsonText(*answer));
        });
}

void registerSegmentRoutes(Server::Impl& impl)
{
    postModelRoute(
        impl, "/v1/segment", [&impl](const httplib::Request& request, Upload& upload, Clock::time_point start) {
            return segment(impl, request, upload, start);
        });
}

} // namespace dinolens::server
