#pragma once
// Private: cpp-httplib's server with the connection handling it lacks: caps on open connections (in all and per
// client address, beyond them 503 at once), a byte budget and a deadline per request (RequestStream), idle
// keep-alive connections closed, and connections whose body was not read to its end closed after the answer.
// It replaces cpp-httplib's per-connection loop (the private virtual process_and_close_socket) and keeps its
// request parsing and routing (the protected process_request).
//
// Ownership: owns its limiter; routes and handlers as httplib::Server. Thread-safety: as httplib::Server.

#include <chrono>
#include <cstddef>
#include <functional>

#include <httplib.h>

#include "connection_limiter.h"
#include "request_stream.h"

namespace dinolens::server {

struct ConnectionPolicy {
    RequestLimits request;
    std::size_t maxConnections = 128; // in all
    std::size_t maxConnectionsPerClient = 32; // per client address
    std::chrono::milliseconds keepAliveIdle { 5000 }; // an idle keep-alive connection is closed after this
    int maxRequestsPerConnection = 100;
};

class GuardedHttpServer : public httplib::Server {
public:
    explicit GuardedHttpServer(ConnectionPolicy policy);

    /// Serves the requests read from `stream` until the client closes or idles, a request fails, the answer
    /// says the connection cannot be reused, or `serving` turns false. The fuzz target calls it with a stream over
    /// memory. Returns true when the client may still be sending (a body was not read to its end): the caller
    /// then drains before closing.
    bool serveConnection(RequestStream& stream, const std::function<bool()>& serving);
    const ConnectionPolicy& policy() const { return m_policy; }
    std::size_t openConnections() const { return m_limiter.open(); }

private:
    bool process_and_close_socket(socket_t sock) override;

    ConnectionPolicy m_policy;
    ConnectionLimiter m_limiter;
};

/// The stream of the request the calling thread is serving; null outside serveConnection.
RequestStream* currentRequestStream();

/// Marks the current request's connection to be closed after its answer (its body was not read to the end).
void closeConnectionAfterResponse(httplib::Response& response);

} // namespace dinolens::server
