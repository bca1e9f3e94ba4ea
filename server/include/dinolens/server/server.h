#pragma once
// The DinoLens REST inference server (HTTP/1.1 through cpp-httplib): /v1/health, /v1/health/ready, /v1/models,
// /v1/segment, /v1/segment/series, /v1/segment/pacs, /openapi.json and /metrics. Each model has a bounded queue served
// by one worker thread that batches concurrent requests into one forward pass.
//
// Ownership: Server owns its models, queues, threads and listening socket; it is neither copyable nor movable.
// Thread-safety: start(), stop() and wait() may be called from any thread; stop() is idempotent.
// Units: sizes in bytes and pixels, times as std::chrono durations; areas reported in pixels and mm^2.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::server {

struct ServerOptions {
    std::string host = "127.0.0.1"; // loopback unless told otherwise
    int port = 0; // 0: any free port (see Server::port())
    std::vector<std::filesystem::path> models; // training run folders; the model id is the folder name
    std::string token; // non-empty: every route except health and /openapi.json needs "Bearer <token>"
    std::size_t maxBodyBytes = 64u << 20; // larger bodies get 413: by Content-Length before they are read, and
                                          // chunked ones once the limit is passed (compressed bodies get 415)
    int maxImageSide = 4096; // decoded images above this (either side) get 413
    std::size_t queueCapacity = 64; // per model; beyond it 503 with Retry-After
    int maxBatch = 8; // requests per forward pass
    std::chrono::milliseconds batchWindow { 4 }; // how long the first request waits for company
    bool batching = true; // false: one request per forward pass (benchmark baseline)
    std::chrono::milliseconds requestTimeout { 30000 }; // queued + compute; 504 beyond it
    std::chrono::seconds ioTimeout { 5 }; // read/write timeout per socket operation (slow clients are dropped)
    std::chrono::seconds requestDeadline { 60 }; // a whole request (headers and body) must arrive within it: 408
    std::chrono::seconds keepAliveTimeout { 5 }; // an idle keep-alive connection is closed after it
    int maxConnections = 128; // open connections in all; beyond it 503 at once (one thread each, plus 4)
    int maxConnectionsPerClient = 32; // open connections per client address; beyond it 503 at once
    int computeThreads = 0; // LibTorch intra-op threads; 0 = one per core
    bool cuda = false; // backbones on the GPU (heads stay on the CPU); without CUDA the models report why they failed
    int maxSeriesSlices = 512; // /v1/segment/series and /v1/segment/pacs
    /// PACS nodes /v1/segment/pacs may name (JSON, pacs/README.md); empty: the route answers 404 for every node.
    std::filesystem::path pacsNodesFile;
};

class Server {
public:
    /// Checks the options (checkServerOptions) and builds the server; models load in the background after
    /// start() (readiness). Errors: InvalidArgument (no model, bad limits, a model id twice), NotFound (a model
    /// folder without config.json, the PACS node file), InvalidFormat (a bad PACS node file).
    static core::Result<std::unique_ptr<Server>> create(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds host:port and starts serving on a background thread. Errors: Unwritable (cannot bind).
    core::Status start();
    /// The bound port (after start()).
    int port() const;
    /// True once every model is loaded (what /v1/health/ready reports).
    bool ready() const;
    /// Graceful stop: new work is refused with 503, queued requests are finished and answered, then the socket
    /// closes. Idempotent.
    void stop();
    /// Blocks until the server has stopped.
    void wait();

    struct Impl;

private:
    explicit Server(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace dinolens::server
