#pragma once
// Private: the byte stream cpp-httplib reads one connection's requests from, with the limits the library lacks.
// cpp-httplib 0.11.4 bounds only a Content-Length body: it reads chunked bodies, request lines and chunk-size
// lines without limit, and has no deadline for a whole request. Every byte it reads comes through read() here,
// which enforces a byte budget per request (headers, then body) and a deadline per request, so that one client
// can neither grow the server's memory nor hold a connection by trickling bytes.
//
// Ownership: owns its read buffer; the transport (a socket, or memory in the fuzz target) is the subclass's.
// Thread-safety: one connection, one thread (cpp-httplib serves a connection on one pool thread).

#include <chrono>
#include <cstddef>
#include <string>

#include <httplib.h>

namespace dinolens::server {

struct RequestLimits {
    std::size_t headerBytes = 64u << 10; // request line and headers
    std::size_t bodyBytes = 64u << 20; // raw body bytes as sent (chunk framing included)
    std::chrono::milliseconds deadline { 60000 }; // the whole request, from its first byte
    std::chrono::milliseconds ioTimeout { 5000 }; // one read or write
};

/// What happened while the current request was read and answered.
struct RequestProgress {
    bool inBody = false; // the headers were read (cpp-httplib called the pre-routing handler)
    bool deadlinePassed = false;
    bool budgetExceeded = false;
    bool closeAfterResponse = false; // the body was not read to its end: the connection cannot be reused
    std::size_t bytesWritten = 0;
};

class RequestStream : public httplib::Stream {
public:
    using Clock = std::chrono::steady_clock;

    explicit RequestStream(RequestLimits limits);

    /// Waits up to `idle` for the first byte of the next request (keep-alive). False: idle, closed, or stopping.
    bool waitForRequest(std::chrono::milliseconds idle);
    /// Starts the next request: a fresh header budget and deadline.
    void beginRequest();
    /// The headers are read: from now on the body budget applies.
    void beginBody();
    RequestProgress& progress() { return m_progress; }
    const RequestProgress& progress() const { return m_progress; }
    const RequestLimits& limits() const { return m_limits; }
    /// When the current request began (its first byte had arrived).
    Clock::time_point started() const { return m_started; }

    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;

protected:
    /// Receives up to `size` bytes, waiting at most `wait`: the count, 0 at the end of the stream, -1 on an error
    /// or when nothing arrived in time.
    virtual ssize_t receive(char* ptr, size_t size, std::chrono::milliseconds wait) = 0;
    /// Sends up to `size` bytes, waiting at most `wait` for room: the count, or -1.
    virtual ssize_t send(const char* ptr, size_t size, std::chrono::milliseconds wait) = 0;
    /// True when bytes can be received within `wait` (or the stream ended).
    virtual bool readable(std::chrono::milliseconds wait) const = 0;
    virtual bool writable(std::chrono::milliseconds wait) const = 0;

private:
    bool fill();

    RequestLimits m_limits;
    RequestProgress m_progress;
    std::string m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    std::size_t m_budget = 0;
    Clock::time_point m_started;
    Clock::time_point m_deadline;
};

} // namespace dinolens::server
