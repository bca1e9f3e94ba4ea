#pragma once
// The instances a C-GET or C-MOVE delivers: each dataset is checked and written to its temporary file on the DIMSE
// thread, and flushed and moved into place on an InstanceWriterPool, so that the next C-STORE does not wait for the
// fsync. Finished instances are counted and reported (progress, onInstance) by the thread that calls keep() and
// finish(). Thread-safety: one thread at a time.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>

#include <optional>
#include <string>

#include "instance_writer_pool.h"

namespace dinolens::pacs::detail {

class InstanceReceiver {
public:
    InstanceReceiver(const RetrieveOptions& options, std::string where);

    /// Keeps one received dataset; the status to answer its C-STORE with. `expected`: instances the PACS announced.
    Uint16 keep(DcmDataset& dataset, long long expected);
    /// Waits for the writes under way and reports them.
    void finish();

    const RetrieveOptions& options() const { return m_options; }
    const std::optional<core::Error>& failure() const { return m_failure; }
    RetrieveSummary& summary() { return m_summary; }

private:
    void reportWritten();

    const RetrieveOptions& m_options;
    std::string m_where;
    long long m_expected = 0;
    int m_received = 0;
    RetrieveSummary m_summary;
    std::optional<core::Error> m_failure;
    InstanceWriterPool m_pool;
};

} // namespace dinolens::pacs::detail
