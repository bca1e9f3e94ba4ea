#include "hostile_clients.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace dinolens::test {
namespace {

using Clock = std::chrono::steady_clock;

int remainingMs(Clock::time_point until)
{
    return static_cast<int>(
        std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count()));
}

} // namespace

LoopbackConnection::LoopbackConnection(int port, const std::string& source)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local {};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_fd, reinterpret_cast<sockaddr*>(&local), sizeof(local)) != 0
        || ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(m_fd);
        m_fd = -1;
    }
}

LoopbackConnection::~LoopbackConnection()
{
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

bool LoopbackConnection::send(const std::string& bytes, std::chrono::milliseconds timeout)
{
    const auto until = Clock::now() + timeout;
    std::size_t at = 0;
    while (m_fd >= 0 && at < bytes.size()) {
        pollfd descriptor { m_fd, POLLOUT, 0 };
        if (::poll(&descriptor, 1, remainingMs(until)) != 1 || (descriptor.revents & (POLLERR | POLLHUP)) != 0) {
            return false;
        }
        const ssize_t sent = ::send(m_fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0 && errno != EAGAIN) {
            return false;
        }
        at += sent > 0 ? static_cast<std::size_t>(sent) : 0;
    }
    return at == bytes.size();
}

bool LoopbackConnection::answerWaiting(std::chrono::milliseconds wait) const
{
    pollfd descriptor { m_fd, POLLIN, 0 };
    return m_fd >= 0 && ::poll(&descriptor, 1, static_cast<int>(wait.count())) == 1;
}

std::string LoopbackConnection::readAnswer(std::chrono::milliseconds timeout)
{
    const auto until = Clock::now() + timeout;
    std::string text;
    char buffer[65536];
    while (m_fd >= 0) {
        const size_t headerEnd = text.find("\r\n\r\n");
        if (headerEnd != std::string::npos) {
            const RawAnswer answer = parseAnswer(text);
            const auto length = answer.headers.find("content-length");
            if (length != answer.headers.end() && text.size() >= headerEnd + 4 + std::stoul(length->second)) {
                break;
            }
        }
        pollfd descriptor { m_fd, POLLIN, 0 };
        if (::poll(&descriptor, 1, remainingMs(until)) != 1) {
            break;
        }
        const ssize_t received = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (received <= 0) {
            break;
        }
        text.append(buffer, static_cast<std::size_t>(received));
    }
    return text;
}

bool LoopbackConnection::closedByServer(std::chrono::milliseconds timeout)
{
    const auto until = Clock::now() + timeout;
    char buffer[4096];
    while (m_fd >= 0) {
        pollfd descriptor { m_fd, POLLIN, 0 };
        if (::poll(&descriptor, 1, remainingMs(until)) != 1) {
            return false;
        }
        const ssize_t received = ::recv(m_fd, buffer, sizeof(buffer), 0);
        if (received <= 0) {
            return true;
        }
    }
    return false;
}

long procStatusKiB(long long pid, const std::string& field)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            std::istringstream value(line.substr(field.size() + 1));
            long kib = -1;
            value >> kib;
            return kib;
        }
    }
    return -1;
}

} // namespace dinolens::test
