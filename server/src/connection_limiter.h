#pragma once
// Private: caps on open connections, in all and per client address, so that one client's flood or slow
// connections cannot take every connection-handling thread. Thread-safety: all members are thread-safe.

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace dinolens::server {

class ConnectionLimiter {
public:
    ConnectionLimiter(std::size_t total, std::size_t perClient);

    /// Holds one connection slot for `client` while alive; `admitted()` is false when a cap was reached.
    class Slot {
    public:
        Slot(ConnectionLimiter& limiter, std::string client);
        ~Slot();
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        bool admitted() const { return m_admitted; }

    private:
        ConnectionLimiter& m_limiter;
        std::string m_client;
        bool m_admitted = false;
    };

    std::size_t open() const;

private:
    bool acquire(const std::string& client);
    void release(const std::string& client);

    const std::size_t m_total;
    const std::size_t m_perClient;
    mutable std::mutex m_mutex;
    std::size_t m_open = 0;
    std::map<std::string, std::size_t> m_perClientOpen;
};

} // namespace dinolens::server
