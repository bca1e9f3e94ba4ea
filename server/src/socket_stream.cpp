#include "socket_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>

namespace dinolens::server {
namespace {

bool waitFor(socket_t socket, short events, std::chrono::milliseconds wait)
{
    pollfd descriptor { socket, events, 0 };
    int ready = 0;
    do {
        ready = ::poll(&descriptor, 1, static_cast<int>(std::max<long long>(0, wait.count())));
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
}

std::string numericAddress(const sockaddr_storage& address, int* port)
{
    std::array<char, INET6_ADDRSTRLEN> text {};
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text.data(), text.size());
        if (port != nullptr) {
            *port = ntohs(v4.sin_port);
        }
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        ::inet_ntop(AF_INET6, &v6.sin6_addr, text.data(), text.size());
        if (port != nullptr) {
            *port = ntohs(v6.sin6_port);
        }
    }
    return text.data();
}

} // namespace

SocketStream::SocketStream(socket_t socket, RequestLimits limits)
    : RequestStream(limits)
    , m_socket(socket)
{
}

void SocketStream::get_remote_ip_and_port(std::string& ip, int& port) const
{
    ip = peerAddress(m_socket, &port);
}

void SocketStream::get_local_ip_and_port(std::string& ip, int& port) const
{
    sockaddr_storage address {};
    socklen_t length = sizeof(address);
    if (::getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        ip = numericAddress(address, &port);
    }
}

ssize_t SocketStream::receive(char* ptr, size_t size, std::chrono::milliseconds wait)
{
    if (!waitFor(m_socket, POLLIN, wait)) {
        return -1;
    }
    ssize_t received = 0;
    do {
        received = ::recv(m_socket, ptr, size, 0);
    } while (received < 0 && errno == EINTR);
    return received;
}

ssize_t SocketStream::send(const char* ptr, size_t size, std::chrono::milliseconds wait)
{
    if (!waitFor(m_socket, POLLOUT, wait)) {
        return -1;
    }
    ssize_t sent = 0;
    do {
        sent = ::send(m_socket, ptr, size, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
}

bool SocketStream::readable(std::chrono::milliseconds wait) const
{
    return waitFor(m_socket, POLLIN, wait);
}

bool SocketStream::writable(std::chrono::milliseconds wait) const
{
    return waitFor(m_socket, POLLOUT, wait);
}

std::string peerAddress(socket_t socket, int* port)
{
    sockaddr_storage address {};
    socklen_t length = sizeof(address);
    if (::getpeername(socket, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return {};
    }
    return numericAddress(address, port);
}

void closeAfterDraining(socket_t socket, std::chrono::milliseconds drain)
{
    constexpr std::size_t kDrainBytes = 4u << 20;
    ::shutdown(socket, SHUT_WR);
    std::array<char, 16384> discard {};
    std::size_t drained = 0;
    const auto until = std::chrono::steady_clock::now() + drain;
    while (drained < kDrainBytes) {
        const auto left
            = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !waitFor(socket, POLLIN, left)) {
            break;
        }
        const ssize_t received = ::recv(socket, discard.data(), discard.size(), 0);
        if (received <= 0) {
            break;
        }
        drained += static_cast<std::size_t>(received);
    }
    ::close(socket);
}

} // namespace dinolens::server
