#pragma once
// Test support for the hostile-input suites: raw loopback connections from a chosen loopback source address
// (127.0.0.0/8 is all loopback on Linux, so one test can play several clients), answers read with a time
// limit, and the resident memory of a process from /proc.

#include <chrono>
#include <string>

#include "server_test_support.h"

namespace dinolens::test {

/// A connected TCP socket to 127.0.0.1:port from `source` (a loopback address); closed on destruction.
class LoopbackConnection {
public:
    LoopbackConnection(int port, const std::string& source = "127.0.0.1");
    ~LoopbackConnection();
    LoopbackConnection(const LoopbackConnection&) = delete;
    LoopbackConnection& operator=(const LoopbackConnection&) = delete;

    bool connected() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    /// Sends all of `bytes` (blocking, at most `timeout`); false when the server closed or did not read.
    bool send(const std::string& bytes, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// True when the server has sent something (or closed) within `wait`.
    bool answerWaiting(std::chrono::milliseconds wait = std::chrono::milliseconds(0)) const;
    /// Reads until the server closes, a complete answer (by Content-Length) arrived, or `timeout` passed.
    std::string readAnswer(std::chrono::milliseconds timeout);
    /// True when the server closed the connection within `timeout` (reads and discards what it sends).
    bool closedByServer(std::chrono::milliseconds timeout);

private:
    int m_fd = -1;
};

/// A field of /proc/<pid>/status in KiB ("VmRSS", "VmHWM"); -1 when unavailable.
long procStatusKiB(long long pid, const std::string& field);

} // namespace dinolens::test
