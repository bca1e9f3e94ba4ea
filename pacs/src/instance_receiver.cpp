#include "instance_receiver.h"

#include <dcmtk/dcmnet/dimse.h>

namespace dinolens::pacs::detail {
namespace {

constexpr int kWriterThreads = 8;
constexpr std::size_t kMaxQueuedInstances = 16;

} // namespace

InstanceReceiver::InstanceReceiver(const RetrieveOptions& options, std::string where)
    : m_options(options)
    , m_where(std::move(where))
    , m_pool(options.destination, kWriterThreads, kMaxQueuedInstances)
{
}

Uint16 InstanceReceiver::keep(DcmDataset& dataset, long long expected)
{
    m_expected = std::max(m_expected, expected);
    const std::string context = m_where + " instance " + std::to_string(++m_received);
    auto identity = identifyDataset(dataset, context);
    auto prepared = identity ? prepareInstanceDataset(m_options.destination, *identity, dataset)
                             : core::Result<InstanceWriterPool::Job>(identity.error());
    if (!prepared) {
        if (!m_failure) {
            m_failure = prepared.error();
        }
        return prepared.error().code == core::ErrorCode::Unwritable ? STATUS_STORE_Refused_OutOfResources
                                                                    : STATUS_STORE_Error_CannotUnderstand;
    }
    m_pool.submit(std::move(*prepared));
    reportWritten();
    return STATUS_Success;
}

void InstanceReceiver::finish()
{
    m_pool.finish();
    reportWritten();
}

void InstanceReceiver::reportWritten()
{
    for (core::Result<RetrievedInstance>& written : m_pool.takeCompleted()) {
        if (!written) {
            if (!m_failure) {
                m_failure = written.error();
            }
            continue;
        }
        m_summary.bytes += written->bytes;
        m_summary.instances.push_back(*written);
        if (m_options.progress) {
            const auto done = static_cast<long long>(m_summary.instances.size());
            m_options.progress(done, std::max(m_expected, done), "instance " + written->sopInstanceUid);
        }
        if (m_options.onInstance) {
            m_options.onInstance(*written);
        }
    }
}

} // namespace dinolens::pacs::detail
