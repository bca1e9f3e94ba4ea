#pragma once
// The local cache of retrieved series: <root>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm, capped
// in bytes and evicted least recently used, one series at a time. "Used" is the modification time of the series'
// ".last-used" file, set when a series is handed out. Files in it are written atomically by pacs::retrieve; the
// temporaries a crash may leave (".partial-*") are removed by removeLeftovers().
// Thread-safety: one RetrieveCache per process and root; its methods are not to be called concurrently.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::pacs {

struct CacheUsage {
    std::uint64_t bytes = 0;
    int series = 0;
};

class RetrieveCache {
public:
    /// `capBytes` 0: no cap.
    RetrieveCache(std::filesystem::path root, std::uint64_t capBytes);

    const std::filesystem::path& root() const { return m_root; }
    std::uint64_t capBytes() const { return m_capBytes; }

    /// The folder a retrieve of this study writes into (the retrieve adds the series folders), created, with
    /// every series of it marked used. Errors: InvalidArgument (a UID with characters other than digits and dots),
    /// Unwritable.
    core::Result<std::filesystem::path> studyFolder(const std::string& studyUid);
    /// Marks one series used now. Errors: InvalidArgument, NotFound (not cached).
    core::Status markUsed(const std::string& studyUid, const std::string& seriesUid);

    /// Bytes and series held now.
    core::Result<CacheUsage> usage() const;

    /// Removes least recently used series until the cache fits its cap; series of `keepStudyUid` stay.
    /// Returns the series folders removed. Errors: Unwritable.
    core::Result<std::vector<std::filesystem::path>> enforceCap(const std::string& keepStudyUid = {});

    /// Removes temporaries a crashed writer left. Returns how many.
    core::Result<int> removeLeftovers();

private:
    std::filesystem::path m_root;
    std::uint64_t m_capBytes = 0;
};

/// True for a UID that is safe as a file name: 1-64 characters, digits and dots only.
bool isSafeUid(const std::string& uid);

} // namespace dinolens::pacs
