#include "connection_limiter.h"

namespace dinolens::server {

ConnectionLimiter::ConnectionLimiter(std::size_t total, std::size_t perClient)
    : m_total(total)
    , m_perClient(perClient)
{
}

ConnectionLimiter::Slot::Slot(ConnectionLimiter& limiter, std::string client)
    : m_limiter(limiter)
    , m_client(std::move(client))
    , m_admitted(limiter.acquire(m_client))
{
}

ConnectionLimiter::Slot::~Slot()
{
    if (m_admitted) {
        m_limiter.release(m_client);
    }
}

std::size_t ConnectionLimiter::open() const
{
    const std::lock_guard lock(m_mutex);
    return m_open;
}

bool ConnectionLimiter::acquire(const std::string& client)
{
    const std::lock_guard lock(m_mutex);
    std::size_t& ofClient = m_perClientOpen[client];
    if (m_open >= m_total || ofClient >= m_perClient) {
        if (ofClient == 0) {
            m_perClientOpen.erase(client);
        }
        return false;
    }
    ++m_open;
    ++ofClient;
    return true;
}

void ConnectionLimiter::release(const std::string& client)
{
    const std::lock_guard lock(m_mutex);
    --m_open;
    const auto it = m_perClientOpen.find(client);
    if (it != m_perClientOpen.end() && --it->second == 0) {
        m_perClientOpen.erase(it);
    }
}

} // namespace dinolens::server
