#include "dinolens/server/server.h"

#include <cstdlib>
#include <exception>
#include <sys/socket.h>
#include <unistd.h>

#include "dinolens/inference/backbone.h"
#include "dinolens/inference/model_folders.h"
#include "server_impl.h"

namespace dinolens::server {
namespace {

using core::ErrorCode;
using core::makeError;
using Clock = std::chrono::steady_clock;

constexpr int kListenBacklog = 256;
thread_local Clock::time_point t_requestStart; // set in pre-routing; read by the logger on the same thread

std::string routeLabel(const std::string& path)
{
    for (const char* route : { "/v1/health", "/v1/health/ready", "/v1/models", "/v1/segment", "/v1/segment/series",
             "/openapi.json", "/metrics" }) {
        if (path == route) {
            return path;
        }
    }
    return "other";
}

bool isOpenRoute(const std::string& path)
{
    return path == "/v1/health" || path == "/v1/health/ready" || path == "/openapi.json";
}

// Compares without an early exit, so that the time taken does not reveal how much of the token matched.
bool sameToken(const std::string& given, const std::string& expected)
{
    unsigned difference = given.size() == expected.size() ? 0u : 1u;
    for (size_t i = 0; i < given.size(); ++i) {
        difference |= static_cast<unsigned>(given[i] ^ expected[i % std::max<size_t>(1, expected.size())]);
    }
    return difference == 0;
}

void configureHttp(Server::Impl& impl)
{
    httplib::Server& http = impl.http;
    const ServerOptions& options = impl.options;
    const int threads = std::max(2, options.httpThreads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    http.set_payload_max_length(options.maxBodyBytes);
    const auto io = static_cast<time_t>(options.ioTimeout.count());
    http.set_read_timeout(io, 0);
    http.set_write_timeout(io, 0);
    http.set_keep_alive_timeout(io);
    http.set_tcp_nodelay(true);
    http.set_socket_options([&impl](socket_t socket) {
        httplib::default_socket_options(socket);
        impl.listenSocket = socket;
    });
    http.set_pre_routing_handler([&impl](const httplib::Request& request, httplib::Response& response) {
        t_requestStart = Clock::now();
        if (impl.options.token.empty() || isOpenRoute(request.path)) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        if (sameToken(request.get_header_value("Authorization"), "Bearer " + impl.options.token)) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        response.set_header("WWW-Authenticate", "Bearer");
        sendError(response, { 401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required" });
        return httplib::Server::HandlerResponse::Handled;
    });
    // Statuses cpp-httplib sets itself (404, 413, 400 for malformed requests) get a JSON body too.
    const httplib::Server::HandlerWithResponse jsonErrors = [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        const std::string code = statusCodeName(response.status);
        response.set_content(errorBody(response.status, code,
                                 code == "payload_too_large" ? "the request body exceeds the server's limit"
                                                             : "the request cannot be served: " + code),
            "application/json");
        return httplib::Server::HandlerResponse::Handled;
    };
    http.set_error_handler(jsonErrors);
    http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        sendError(response, { 500, "internal", "unexpected server error" });
    });
    http.set_logger([&impl](const httplib::Request& request, const httplib::Response& response) {
        const double seconds = std::chrono::duration<double>(Clock::now() - t_requestStart).count();
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
    if (options.maxImageSide < 16 || options.queueCapacity < 1 || options.maxBodyBytes < 1024) {
        return makeError(ErrorCode::InvalidArgument, "limits too small (image side >= 16, queue >= 1, body >= 1 KiB)");
    }
    for (auto& folder : options.models) {
        // "demo" names the shipped demo model; anything else must be a trained run folder.
        auto resolved = inference::resolveRunFolder(folder.string());
        if (!resolved) {
            return resolved.error();
        }
        folder = *resolved;
    }
    auto impl = std::make_unique<Impl>();
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
    return std::unique_ptr<Server>(new Server(std::move(impl)));
}

core::Status Server::start()
{
    auto scratch = makeScratch();
    if (!scratch) {
        return scratch.error();
    }
    m_impl->scratch = *scratch;
    const ServerOptions& options = m_impl->options;
    const bool bound = options.port == 0 ? (m_impl->boundPort = m_impl->http.bind_to_any_port(options.host)) > 0
                                         : m_impl->http.bind_to_port(options.host, options.port);
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
            impl->http.listen_after_bind();
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
    m_impl->http.stop();
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
