#include "guarded_http_server.h"

#include <unistd.h>

#include "http_error.h"
#include "socket_stream.h"

namespace dinolens::server {
namespace {

thread_local RequestStream* t_stream = nullptr;

constexpr auto kStopPoll = std::chrono::milliseconds(200);

class CurrentStream {
public:
    explicit CurrentStream(RequestStream& stream) { t_stream = &stream; }
    ~CurrentStream() { t_stream = nullptr; }
    CurrentStream(const CurrentStream&) = delete;
    CurrentStream& operator=(const CurrentStream&) = delete;
};

// A complete answer written straight to the socket, for when cpp-httplib has not answered (a refused
// connection, a request line or headers that did not arrive in time or were too large).
void writeAnswer(RequestStream& stream, const HttpError& error)
{
    const std::string body = errorBody(error.status, error.code, error.message);
    std::string answer = "HTTP/1.1 " + std::to_string(error.status) + " " + statusReason(error.status)
        + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size())
        + "\r\nConnection: close\r\n";
    if (error.retryAfterSeconds > 0) {
        answer += "Retry-After: " + std::to_string(error.retryAfterSeconds) + "\r\n";
    }
    answer += "\r\n" + body;
    std::size_t at = 0;
    while (at < answer.size()) {
        const ssize_t sent = stream.write(answer.data() + at, answer.size() - at);
        if (sent <= 0) {
            return;
        }
        at += static_cast<std::size_t>(sent);
    }
}

} // namespace

GuardedHttpServer::GuardedHttpServer(ConnectionPolicy policy)
    : m_policy(policy)
    , m_limiter(policy.maxConnections, policy.maxConnectionsPerClient)
{
    // One thread per admitted connection, and a few more that answer refused connections at once.
    const std::size_t threads = policy.maxConnections + 4;
    new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

RequestStream* currentRequestStream()
{
    return t_stream;
}

void closeConnectionAfterResponse(httplib::Response& response)
{
    if (t_stream != nullptr) {
        t_stream->progress().closeAfterResponse = true;
    }
    response.set_header("Connection", "close");
}

bool GuardedHttpServer::serveConnection(RequestStream& stream, const std::function<bool()>& serving)
{
    const CurrentStream current(stream);
    for (int served = 0; served < m_policy.maxRequestsPerConnection; ++served) {
        bool waited = false;
        for (auto idle = std::chrono::milliseconds(0); idle < m_policy.keepAliveIdle && serving(); idle += kStopPoll) {
            if ((waited = stream.waitForRequest(std::min(kStopPoll, m_policy.keepAliveIdle - idle)))) {
                break;
            }
        }
        if (!waited || !serving()) {
            return false;
        }
        stream.beginRequest();
        bool clientClosed = false;
        const bool last = served + 1 == m_policy.maxRequestsPerConnection;
        const bool answered = process_request(stream, last, clientClosed, nullptr);
        RequestProgress& progress = stream.progress();
        if (!answered && progress.bytesWritten == 0) {
            if (progress.deadlinePassed) {
                writeAnswer(
                    stream, { 408, "request_timeout", "the request did not arrive within the server's time limit" });
            } else if (progress.budgetExceeded) {
                writeAnswer(
                    stream, { 431, "headers_too_large", "the request line or headers exceed the server's limit" });
            }
        }
        if (progress.closeAfterResponse || progress.deadlinePassed || progress.budgetExceeded) {
            return true;
        }
        if (!answered || clientClosed) {
            return false;
        }
    }
    return false;
}

bool GuardedHttpServer::process_and_close_socket(socket_t sock)
{
    const ConnectionLimiter::Slot slot(m_limiter, peerAddress(sock));
    SocketStream stream(sock, m_policy.request);
    // A refused client gets a moment to finish sending its request, so that it reads the 503 rather than a reset.
    auto drain = std::chrono::milliseconds(20);
    if (!slot.admitted()) {
        writeAnswer(stream, { 503, "too_many_connections", "too many open connections; retry later", 1 });
    } else if (!serveConnection(stream, [this] { return is_running(); })) {
        drain = std::chrono::milliseconds(0);
    } else {
        drain = std::chrono::milliseconds(500);
    }
    closeAfterDraining(sock, drain);
    return true;
}

} // namespace dinolens::server
