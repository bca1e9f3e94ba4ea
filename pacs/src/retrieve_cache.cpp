#include "dinolens/pacs/retrieve_cache.h"

#include <algorithm>
#include <fstream>

namespace dinolens::pacs {
namespace {

using core::ErrorCode;
using core::makeError;
namespace fs = std::filesystem;

constexpr const char* kUsedMarker = ".last-used";

struct CachedSeries {
    fs::path folder;
    std::string studyUid;
    fs::file_time_type used;
    std::uint64_t bytes = 0;
};

std::uint64_t folderBytes(const fs::path& folder)
{
    std::uint64_t bytes = 0;
    std::error_code error;
    for (fs::recursive_directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        if (it->is_regular_file(error)) {
            bytes += it->file_size(error);
        }
    }
    return bytes;
}

core::Status touch(const fs::path& seriesFolder)
{
    const fs::path marker = seriesFolder / kUsedMarker;
    std::ofstream(marker, std::ios::app).close();
    std::error_code error;
    fs::last_write_time(marker, fs::file_time_type::clock::now(), error);
    if (error) {
        return makeError(ErrorCode::Unwritable, "cannot mark the series used: " + error.message(), marker.string());
    }
    return core::okStatus();
}

std::vector<CachedSeries> listSeries(const fs::path& root)
{
    std::vector<CachedSeries> series;
    std::error_code error;
    for (const fs::directory_entry& study : fs::directory_iterator(root, error)) {
        if (!study.is_directory(error)) {
            continue;
        }
        for (const fs::directory_entry& entry : fs::directory_iterator(study.path(), error)) {
            if (!entry.is_directory(error)) {
                continue;
            }
            CachedSeries item { entry.path(), study.path().filename().string(), {}, folderBytes(entry.path()) };
            const fs::path marker = entry.path() / kUsedMarker;
            item.used = fs::exists(marker, error) ? fs::last_write_time(marker, error)
                                                  : fs::last_write_time(entry.path(), error);
            series.push_back(std::move(item));
        }
    }
    return series;
}

} // namespace

bool isSafeUid(const std::string& uid)
{
    return !uid.empty() && uid.size() <= 64 && uid.front() != '.'
        && std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

RetrieveCache::RetrieveCache(std::filesystem::path root, std::uint64_t capBytes)
    : m_root(std::move(root))
    , m_capBytes(capBytes)
{
}

core::Result<std::filesystem::path> RetrieveCache::studyFolder(const std::string& studyUid)
{
    if (!isSafeUid(studyUid)) {
        return makeError(ErrorCode::InvalidArgument, "not a usable study UID", studyUid);
    }
    const fs::path folder = m_root / studyUid;
    std::error_code error;
    fs::create_directories(folder, error);
    if (error) {
        return makeError(ErrorCode::Unwritable, "cannot create the cache folder: " + error.message(), folder.string());
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        if (entry.is_directory(error)) {
            if (auto marked = touch(entry.path()); !marked) {
                return marked.error();
            }
        }
    }
    return folder;
}

core::Status RetrieveCache::markUsed(const std::string& studyUid, const std::string& seriesUid)
{
    if (!isSafeUid(studyUid) || !isSafeUid(seriesUid)) {
        return makeError(ErrorCode::InvalidArgument, "not a usable study or series UID", studyUid + "/" + seriesUid);
    }
    const fs::path folder = m_root / studyUid / seriesUid;
    std::error_code error;
    if (!fs::is_directory(folder, error)) {
        return makeError(ErrorCode::NotFound, "the series is not in the cache", folder.string());
    }
    return touch(folder);
}

core::Result<CacheUsage> RetrieveCache::usage() const
{
    CacheUsage usage;
    for (const CachedSeries& series : listSeries(m_root)) {
        usage.bytes += series.bytes;
        ++usage.series;
    }
    return usage;
}

core::Result<std::vector<std::filesystem::path>> RetrieveCache::enforceCap(const std::string& keepStudyUid)
{
    std::vector<fs::path> removed;
    if (m_capBytes == 0) {
        return removed;
    }
    std::vector<CachedSeries> series = listSeries(m_root);
    std::uint64_t total = 0;
    for (const CachedSeries& item : series) {
        total += item.bytes;
    }
    std::sort(
        series.begin(), series.end(), [](const CachedSeries& a, const CachedSeries& b) { return a.used < b.used; });
    for (const CachedSeries& item : series) {
        if (total <= m_capBytes) {
            break;
        }
        if (!keepStudyUid.empty() && item.studyUid == keepStudyUid) {
            continue;
        }
        std::error_code error;
        fs::remove_all(item.folder, error);
        if (error) {
            return makeError(
                ErrorCode::Unwritable, "cannot evict the series: " + error.message(), item.folder.string());
        }
        total -= std::min(total, item.bytes);
        removed.push_back(item.folder);
        if (fs::is_empty(item.folder.parent_path(), error)) {
            fs::remove(item.folder.parent_path(), error);
        }
    }
    return removed;
}

core::Result<int> RetrieveCache::removeLeftovers()
{
    int count = 0;
    std::error_code error;
    std::vector<fs::path> leftovers;
    for (fs::recursive_directory_iterator it(m_root, error), end; !error && it != end; it.increment(error)) {
        if (it->is_regular_file(error) && it->path().filename().string().rfind(".partial-", 0) == 0) {
            leftovers.push_back(it->path());
        }
    }
    for (const fs::path& leftover : leftovers) {
        if (fs::remove(leftover, error)) {
            ++count;
        }
    }
    return count;
}

} // namespace dinolens::pacs
