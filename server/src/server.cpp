#include "dinolens/server/server.h"

#include <cstdlib>
#include <exception>
#include <limits>
#include <malloc.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dinolens/inference/backbone.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/server/server_configuration.h"
#include "server_impl.h"

namespace dinolens::server {
namespace {

using core::ErrorCode;
using core::makeError;
using Clock = std::chrono::steady_clock;

constexpr int kListenBacklog = 256;

std::string routeLabel(const std::string& path)
{
    for (const char* route : { "/v1/health", "/v1/health/ready", "/v1/models", "/v1/segment", "/v1/segment/series",
             "/v1/segment/pacs", "/openapi.json", "/metrics" }) {
        if (path == route) {
            return path;
        }
    }
    return "other";
}

ConnectionPolicy connectionPolicy(const ServerOptions& options)
{
    ConnectionPolicy policy;
    policy.maxConnections = static_cast<std::size_t>(options.maxConnections);
    policy.maxConnectionsPerClient = static_cast<std::size_t>(options.maxConnectionsPerClient);
    policy.keepAliveIdle = options.keepAliveTimeout;
    policy.request.ioTimeout = options.ioTimeout;
    policy.request.deadline = options.requestDeadline;
    // Raw bytes as sent: the body limit, plus room for chunk framing and multipart headers; the limit itself is
    // enforced on the decoded body (upload_reader.h), this bounds what framing can add.
    const std::size_t framing = std::max<std::size_t>(options.maxBodyBytes, 1u << 20);
    policy.request.bodyBytes = options.maxBodyBytes > std::numeric_limits<std::size_t>::max() - framing
        ? options.maxBodyBytes
        : options.maxBodyBytes + framing;
    return policy;
}

FrontOptions frontOptions(const Server::Impl& impl)
{
    FrontOptions front;
    front.token = impl.options.token;
    front.openRoutes = { "/v1/health", "/v1/health/ready", "/openapi.json" };
    front.screening.maxBodyBytes = impl.options.maxBodyBytes;
    front.screening.bodyRoutes = { "/v1/segment", "/v1/segment/series", "/v1/segment/pacs" };
    front.screening.routes = { "/v1/health", "/v1/health/ready", "/v1/models", "/v1/segment", "/v1/segment/series",
        "/v1/segment/pacs", "/openapi.json", "/metrics" };
    front.upload = impl.uploadLimits();
    return front;
}

void configureHttp(Server::Impl& impl)
{
    impl.http = std::make_unique<GuardedHttpServer>(connectionPolicy(impl.options));
    GuardedHttpServer& http = *impl.http;
    http.set_payload_max_length(impl.options.maxBodyBytes);
    http.set_tcp_nodelay(true);
    http.set_socket_options([&impl](socket_t socket) {
        httplib::default_socket_options(socket);
        impl.listenSocket = socket;
    });
    configureRequestFront(http, frontOptions(impl));
    http.set_logger([&impl](const httplib::Request& request, const httplib::Response& response) {
        const RequestStream* stream = currentRequestStream(); // the logger runs on the request's thread
        const auto started = stream != nullptr ? stream->started() : Clock::now();
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        impl.metrics.recordRequest(routeLabel(request.path), response.status, seconds);
    });
}

core::Result<std::filesystem::path> makeScratch()
{
    std::error_code error;
    std::string pattern = (std::filesystem::temp_directory_path(error) / "dinolens-server-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return makeError(ErrorCode::Unwritable, "cannot create a temporary folder", pattern);
    }
    return std::filesystem::path(pattern);
}

} // namespace

Server::Server(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

Server::~Server()
{
    stop();
    wait();
}

core::Result<std::unique_ptr<Server>> Server::create(ServerOptions options)
{
    if (options.models.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no model given (--model <run folder>)");
    }
    if (auto checked = checkServerOptions(options); !checked) {
        return checked.error();
    }
    if (options.maxImageSide < 16 || options.maxBodyBytes < 1024) {
        return makeError(ErrorCode::InvalidArgument, "limits too small (image side >= 16, body >= 1 KiB)");
    }
    for (auto& folder : options.models) {
        // "demo" names the shipped demo model; anything else must be a trained run folder.
        auto resolved = inference::resolveRunFolder(folder.string());
        if (!resolved) {
            return resolved.error();
        }
        folder = *resolved;
    }
    if (auto checked = checkServerOptions(options); !checked) {
        return checked.error(); // ids again: "demo" and a folder may resolve to the same name
    }
    auto impl = std::make_unique<Impl>();
    if (!options.pacsNodesFile.empty()) {
        auto nodes = pacs::readPacsNodesFile(options.pacsNodesFile);
        if (!nodes) {
            return nodes.error();
        }
        impl->pacsNodes = std::move(*nodes);
    }
    impl->options = std::move(options);
    BatchingOptions batching;
    batching.capacity = impl->options.queueCapacity;
    batching.maxBatch = impl->options.batching ? impl->options.maxBatch : 1;
    batching.window = impl->options.batching ? impl->options.batchWindow : std::chrono::milliseconds(0);
    if (impl->options.computeThreads > 0) {
        inference::setComputeThreads(impl->options.computeThreads);
    }
    impl->pool = std::make_unique<ModelPool>(impl->options.models, batching, impl->options.computeThreads,
        impl->options.cuda ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu, impl->metrics);
    configureHttp(*impl);
    registerInfoRoutes(*impl);
    registerSegmentRoutes(*impl);
    registerSeriesRoute(*impl);
    registerPacsRoute(*impl);
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

core::Status Server::start()
{
    // Request bodies and decoded images are large, short-lived buffers allocated on many connection threads.
    // glibc raises its mmap threshold after the first such buffer is freed, and later ones then stay in the
    // per-thread heaps after use: the process grew by every peak and never shrank. A fixed threshold keeps them
    // in their own mappings, returned to the system when freed.
    constexpr int kMmapThresholdBytes = 256 << 10;
    mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
    auto scratch = makeScratch();
    if (!scratch) {
        return scratch.error();
    }
    m_impl->scratch = *scratch;
    const ServerOptions& options = m_impl->options;
    const bool bound = options.port == 0 ? (m_impl->boundPort = m_impl->http->bind_to_any_port(options.host)) > 0
                                         : m_impl->http->bind_to_port(options.host, options.port);
    if (!bound) {
        return makeError(
            ErrorCode::Unwritable, "cannot listen on " + options.host + ":" + std::to_string(options.port));
    }
    if (options.port != 0) {
        m_impl->boundPort = options.port;
    }
    // cpp-httplib listens with a compiled-in backlog of 5: a burst of clients (a batch answered at once, all
    // reconnecting) overflows it, and Linux then delays those connections by seconds (SYN/ACK retransmits).
    // listen() on a listening socket only resizes its queue.
    if (m_impl->listenSocket >= 0) {
        ::listen(m_impl->listenSocket, kListenBacklog);
    }
    m_impl->pool->startLoading();
    Impl* impl = m_impl.get();
    m_impl->listener = std::thread([impl] {
        try {
            impl->http->listen_after_bind();
        } catch (...) {
            impl->stopped = true; // nothing may escape a thread entry
        }
    });
    return core::okStatus();
}

int Server::port() const
{
    return m_impl->boundPort;
}

bool Server::ready() const
{
    return !m_impl->draining && m_impl->pool->ready();
}

void Server::stop()
{
    const std::lock_guard lock(m_impl->stopMutex);
    if (m_impl->stopped.exchange(true)) {
        return;
    }
    // Refuse new work first, then answer everything queued, then close the socket and join the handlers.
    m_impl->draining = true;
    m_impl->pool->shutdown();
    m_impl->http->stop();
}

void Server::wait()
{
    if (m_impl->listener.joinable()) {
        m_impl->listener.join();
    }
    if (!m_impl->scratch.empty()) {
        std::error_code error;
        std::filesystem::remove_all(m_impl->scratch, error);
        m_impl->scratch.clear();
    }
}

} // namespace dinolens::server
