#include "request_stream.h"

#include <algorithm>
#include <cstring>

namespace dinolens::server {
namespace {

constexpr std::size_t kBufferBytes = 16u << 10;

} // namespace

RequestStream::RequestStream(RequestLimits limits)
    : m_limits(limits)
    , m_buffer(kBufferBytes, '\0')
{
    beginRequest();
}

bool RequestStream::waitForRequest(std::chrono::milliseconds idle)
{
    return m_begin < m_end || readable(idle);
}

void RequestStream::beginRequest()
{
    m_progress = {};
    m_budget = m_limits.headerBytes;
    m_started = Clock::now();
    m_deadline = m_started + m_limits.deadline;
}

void RequestStream::beginBody()
{
    m_progress.inBody = true;
    m_budget = m_limits.bodyBytes;
}

bool RequestStream::is_readable() const
{
    return m_begin < m_end || readable(m_limits.ioTimeout);
}

bool RequestStream::is_writable() const
{
    return writable(m_limits.ioTimeout);
}

// Refills the buffer, waiting no longer than the read timeout and the request's deadline.
bool RequestStream::fill()
{
    // Rounded up, so that a wait that ends without data ends at or after the deadline.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_deadline - Clock::now());
    if (left.count() <= 0) {
        m_progress.deadlinePassed = true;
        return false;
    }
    const ssize_t received = receive(m_buffer.data(), m_buffer.size(), std::min(left, m_limits.ioTimeout));
    if (received <= 0) {
        m_progress.deadlinePassed = Clock::now() >= m_deadline;
        return false;
    }
    m_begin = 0;
    m_end = static_cast<std::size_t>(received);
    return true;
}

ssize_t RequestStream::read(char* ptr, size_t size)
{
    if (m_budget == 0) {
        m_progress.budgetExceeded = true;
        return -1;
    }
    if (m_begin == m_end && !fill()) {
        return -1;
    }
    const std::size_t count = std::min({ size, m_end - m_begin, m_budget });
    std::memcpy(ptr, m_buffer.data() + m_begin, count);
    m_begin += count;
    m_budget -= count;
    return static_cast<ssize_t>(count);
}

ssize_t RequestStream::write(const char* ptr, size_t size)
{
    const ssize_t sent = send(ptr, size, m_limits.ioTimeout);
    if (sent > 0) {
        m_progress.bytesWritten += static_cast<std::size_t>(sent);
    }
    return sent;
}

} // namespace dinolens::server
