#pragma once
// Private: a RequestStream over a connected TCP socket (poll + recv/send). Does not own the socket.

#include "request_stream.h"

namespace dinolens::server {

class SocketStream final : public RequestStream {
public:
    SocketStream(socket_t socket, RequestLimits limits);

    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return m_socket; }

protected:
    ssize_t receive(char* ptr, size_t size, std::chrono::milliseconds wait) override;
    ssize_t send(const char* ptr, size_t size, std::chrono::milliseconds wait) override;
    bool readable(std::chrono::milliseconds wait) const override;
    bool writable(std::chrono::milliseconds wait) const override;

private:
    socket_t m_socket;
};

/// The numeric address of the socket's peer ("127.0.0.1", "::1"); empty when unknown.
std::string peerAddress(socket_t socket, int* port = nullptr);

/// Closes a connection whose request may not have been read to its end: stops sending, discards what the client
/// still sends for up to `drain` (so that it can read the answer instead of a reset), then closes.
void closeAfterDraining(socket_t socket, std::chrono::milliseconds drain);

} // namespace dinolens::server
