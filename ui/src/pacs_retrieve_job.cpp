// The retrieve job: one series from a PACS node into the retrieve cache, the first instance announced as it lands.
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>

#include "dinolens/ui/pacs_jobs.h"
#include "progress_throttle.h"

namespace dinolens::ui {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string rateText(std::uint64_t bytes, Clock::time_point start)
{
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", seconds > 0.0 ? static_cast<double>(bytes) / 1.0e6 / seconds : 0.0);
    return text;
}

int dicomFilesIn(const fs::path& folder)
{
    int count = 0;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
        count += entry.path().extension() == ".dcm" ? 1 : 0;
    }
    return count;
}

// A retrieve that did not finish takes its series out of the cache again, unless the series was there before
// (then its files were replaced one by one, each whole, and the older copy stays usable).
bool removePartialSeries(const fs::path& studyFolder, const fs::path& seriesFolder)
{
    std::error_code error;
    fs::remove_all(seriesFolder, error);
    if (fs::is_empty(studyFolder, error)) {
        fs::remove(studyFolder, error);
    }
    return !fs::exists(seriesFolder, error);
}

void runRetrieve(QPromise<PacsRetrieveEvent>& promise, const pacs::PacsNode& node, const pacs::RetrieveRequest& request,
    const PacsRetrieveSettings& settings, core::CancelToken token)
{
    PacsRetrieveEvent finished;
    const auto start = Clock::now();
    pacs::RetrieveCache cache(settings.cacheRoot.toStdString(), settings.cacheCapBytes);
    if (!pacs::isSafeUid(request.seriesUid)) {
        finished.status
            = core::makeError(core::ErrorCode::InvalidArgument, "not a usable series UID", request.seriesUid);
        promise.addResult(std::move(finished));
        return;
    }
    if (auto swept = cache.removeLeftovers(); !swept) {
        finished.status = swept.error();
        promise.addResult(std::move(finished));
        return;
    }
    auto studyFolder = cache.studyFolder(request.studyUid);
    if (!studyFolder) {
        finished.status = studyFolder.error();
        promise.addResult(std::move(finished));
        return;
    }
    const fs::path seriesFolder = *studyFolder / request.seriesUid;
    finished.seriesFolder = QString::fromStdString(seriesFolder.string());
    std::error_code error;
    const bool cachedBefore = fs::is_directory(seriesFolder, error);

    ProgressThrottle<PacsRetrieveEvent> throttle(promise, token);
    std::atomic<std::uint64_t> bytes { 0 };
    std::atomic<bool> announced { false };
    pacs::RetrieveOptions options;
    options.destination = *studyFolder;
    options.cancel = token;
    options.progress = [&](long long done, long long total, const std::string&) {
        throttle.report(done, total, rateText(bytes.load(), start));
    };
    options.onInstance = [&](const pacs::RetrievedInstance& instance) {
        bytes += instance.bytes;
        if (!announced.exchange(true)) {
            PacsRetrieveEvent first;
            first.kind = PacsRetrieveEvent::Kind::FirstInstance;
            first.seriesFolder = QString::fromStdString(instance.file.parent_path().string());
            first.firstFile = QString::fromStdString(instance.file.string());
            first.bytes = instance.bytes;
            first.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            promise.addResult(std::move(first));
        }
    };
    auto retrieved = pacs::retrieve(node, request, options);
    if (retrieved && retrieved->instances.empty()) {
        retrieved = core::makeError(core::ErrorCode::NotFound, "the PACS sent no instance of the series");
    }
    if (!retrieved) {
        finished.status = retrieved.error();
        if (!cachedBefore) {
            finished.partialRemoved = removePartialSeries(*studyFolder, seriesFolder);
        }
        promise.addResult(std::move(finished));
        return;
    }
    finished.bytes = retrieved->bytes;
    finished.seconds = retrieved->seconds;
    finished.method = QString::fromStdString(retrieved->method);
    finished.instances = dicomFilesIn(seriesFolder);
    (void)cache.markUsed(request.studyUid, request.seriesUid);
    if (auto evicted = cache.enforceCap(request.studyUid); evicted) {
        for (const fs::path& folder : *evicted) {
            finished.evicted.push_back(QString::fromStdString(folder.string()));
        }
    }
    promise.addResult(std::move(finished));
}

} // namespace

QFuture<PacsRetrieveEvent> retrievePacsSeriesAsync(const pacs::PacsNode& node, const pacs::RetrieveRequest& request,
    const PacsRetrieveSettings& settings, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<PacsRetrieveEvent>& promise, const pacs::PacsNode& target, const pacs::RetrieveRequest& what,
            const PacsRetrieveSettings& where, core::CancelToken token) {
            try {
                runRetrieve(promise, target, what, where, token);
            } catch (const std::exception& error) {
                PacsRetrieveEvent failed;
                failed.status = core::makeError(core::ErrorCode::Internal, error.what());
                promise.addResult(std::move(failed));
            }
        },
        node, request, settings, cancel);
}

} // namespace dinolens::ui
