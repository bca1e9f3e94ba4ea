#pragma once
// Private: the state the routes share. Handlers run on cpp-httplib's thread pool; everything here is either
// immutable after start() or thread-safe itself.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <httplib.h>

#include "dinolens/pacs/pacs_node.h"
#include "dinolens/server/server.h"
#include "guarded_http_server.h"
#include "http_error.h"
#include "json_text.h"
#include "metrics.h"
#include "model_pool.h"
#include "request_decoding.h"
#include "request_front.h"
#include "upload_reader.h"

namespace dinolens::server {

struct Server::Impl {
    ServerOptions options;
    std::vector<pacs::PacsNode> pacsNodes; // from options.pacsNodesFile
    Metrics metrics;
    std::unique_ptr<ModelPool> pool;
    std::unique_ptr<GuardedHttpServer> http;
    std::filesystem::path scratch; // private temporary folder for uploads and NIfTI output
    std::atomic<bool> draining { false };
    std::atomic<bool> stopped { false };
    std::mutex stopMutex;
    std::thread listener;
    int boundPort = 0;
    int listenSocket = -1; // captured when cpp-httplib creates it, to deepen its accept queue

    DecodeLimits limits() const { return { options.maxImageSide, options.maxSeriesSlices }; }
    UploadLimits uploadLimits() const
    {
        return { options.maxBodyBytes, static_cast<std::size_t>(options.maxSeriesSlices) + 8 };
    }
};

/// Sends a JSON body with status 200.
void sendJson(httplib::Response& response, const std::string& json);

/// The model a request names (?model= or a multipart field "model"), else the default, and its queue.
struct ModelChoice {
    std::string name;
    BatchingQueue* queue = nullptr; // never null
};
/// Errors: 404 for an unknown model (a name that is not UTF-8 included), 503 while it is loading or the server
/// shuts down.
HttpResult<ModelChoice> chooseModel(Server::Impl& impl, const httplib::Request& request, const Upload& upload);

/// A route that runs a model: the JSON object it returns is the answer, with "elapsed_ms" (from when the body had
/// been read) added; its error is answered as such.
using ModelRoute = std::function<HttpResult<nlohmann::json>(
    const httplib::Request&, Upload&, std::chrono::steady_clock::time_point start)>;
void postModelRoute(Server::Impl& impl, const std::string& path, ModelRoute route);

/// Queues one slice and waits for it until its deadline.
SliceResult runSlice(BatchingQueue& queue, SliceRequest slice);

void registerInfoRoutes(Server::Impl& impl);
void registerSegmentRoutes(Server::Impl& impl);
void registerSeriesRoute(Server::Impl& impl);
void registerPacsRoute(Server::Impl& impl);

/// The OpenAPI 3 document of the routes above.
std::string openApiDocument();

} // namespace dinolens::server
