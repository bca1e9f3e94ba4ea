// Routes without model work: health, readiness, models, metrics and the OpenAPI document.
#include <nlohmann/json.hpp>

#include "dinolens/inference/backbone_comparison.h"
#include "server_impl.h"

namespace dinolens::server {

void sendJson(httplib::Response& response, const std::string& json)
{
    response.status = 200;
    response.set_content(json, "application/json");
}

void registerInfoRoutes(Server::Impl& impl)
{
    impl.http->Get("/v1/health",
        [](const httplib::Request&, httplib::Response& response) { sendJson(response, R"({"status":"ok"})"); });
    impl.http->Get("/v1/health/ready", [&impl](const httplib::Request&, httplib::Response& response) {
        if (impl.draining) {
            sendError(response, { 503, "shutting_down", "the server is shutting down", 1 });
        } else if (!impl.pool->ready()) {
            sendError(response, { 503, "not_ready", "models are still loading (or one failed: see /v1/models)", 1 });
        } else {
            sendJson(response, R"({"status":"ready"})");
        }
    });
    impl.http->Get("/v1/models", [&impl](const httplib::Request&, httplib::Response& response) {
        nlohmann::json models = nlohmann::json::array();
        for (const ModelStatus& status : impl.pool->status()) {
            // Names only: the answer says what a model is, never where the server keeps it.
            nlohmann::json entry = { { "id", status.id }, { "loaded", status.loaded },
                { "default", status.id == impl.pool->defaultModel() } };
            if (status.loaded) {
                entry["resolution"] = status.resolution;
                entry["base_model"]
                    = status.baseModel.empty() ? std::string() : inference::modelDisplayName(status.baseModel.front());
            }
            if (!status.error.empty()) {
                entry["error"] = status.error;
            }
            models.push_back(std::move(entry));
        }
        sendJson(response, jsonText(nlohmann::json { { "models", models } }));
    });
    impl.http->Get("/metrics", [&impl](const httplib::Request&, httplib::Response& response) {
        response.set_content(impl.metrics.render(impl.pool->queueLengths()), "text/plain; version=0.0.4");
    });
    impl.http->Get("/openapi.json",
        [](const httplib::Request&, httplib::Response& response) { sendJson(response, openApiDocument()); });
}

} // namespace dinolens::server
