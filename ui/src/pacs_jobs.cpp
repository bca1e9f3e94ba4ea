// PACS jobs: testing a node, searching it, measuring the cache and exporting anonymised copies.
#include "dinolens/ui/pacs_jobs.h"

#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <filesystem>

#include "progress_throttle.h"

namespace dinolens::ui {
namespace {

core::Error internalError(const std::exception& error)
{
    return core::makeError(core::ErrorCode::Internal, error.what());
}

} // namespace

QFuture<core::Status> testPacsNodeAsync(const pacs::PacsNode& node)
{
    return QtConcurrent::run([node]() -> core::Status {
        try {
            return pacs::echo(node);
        } catch (const std::exception& error) {
            return internalError(error);
        }
    });
}

QFuture<PacsSearchOutcome> searchPacsAsync(
    const pacs::PacsNode& node, const pacs::PacsQuery& query, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<PacsSearchOutcome>& promise, const pacs::PacsNode& target, pacs::PacsQuery studyQuery,
            core::CancelToken token) {
            PacsSearchOutcome outcome;
            ProgressThrottle<PacsSearchOutcome> throttle(promise, token);
            try {
                studyQuery.level = pacs::QueryLevel::Study;
                auto studies = pacs::find(target, studyQuery, { token });
                if (!studies) {
                    outcome.status = studies.error();
                    promise.addResult(std::move(outcome));
                    return;
                }
                outcome.truncated = studies->truncated;
                const auto total = static_cast<long long>(studies->matches.size());
                for (pacs::PacsMatch& study : studies->matches) {
                    if (token.isCancelled() || promise.isCanceled()) {
                        outcome.status = core::makeError(core::ErrorCode::Cancelled, "search cancelled");
                        break;
                    }
                    PacsStudyMatches entry;
                    pacs::PacsQuery seriesQuery;
                    seriesQuery.level = pacs::QueryLevel::Series;
                    seriesQuery.studyUid = study.studyUid;
                    auto series = pacs::find(target, seriesQuery, { token });
                    if (series) {
                        entry.series = std::move(series->matches);
                    } else {
                        entry.seriesStatus = series.error();
                    }
                    entry.study = std::move(study);
                    outcome.studies.push_back(std::move(entry));
                    throttle.report(static_cast<long long>(outcome.studies.size()), total, "series of each study");
                }
            } catch (const std::exception& error) {
                outcome.status = internalError(error);
            }
            promise.addResult(std::move(outcome));
        },
        node, query, cancel);
}

QFuture<core::Result<pacs::CacheUsage>> pacsCacheUsageAsync(const QString& root)
{
    return QtConcurrent::run([folder = root.toStdString()]() -> core::Result<pacs::CacheUsage> {
        try {
            if (!std::filesystem::exists(folder)) {
                return pacs::CacheUsage {};
            }
            return pacs::RetrieveCache(folder, 0).usage();
        } catch (const std::exception& error) {
            return internalError(error);
        }
    });
}

QFuture<PacsExportOutcome> exportAnonymisedAsync(const QStringList& files, const QString& outFolder,
    const pacs::AnonymizeOptions& options, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<PacsExportOutcome>& promise, const QStringList& sources, const QString& out,
            const pacs::AnonymizeOptions& settings, core::CancelToken token) {
            PacsExportOutcome outcome;
            outcome.outFolder = out;
            ProgressThrottle<PacsExportOutcome> throttle(promise, token);
            try {
                std::error_code error;
                std::filesystem::create_directories(out.toStdString(), error);
                if (error) {
                    outcome.status = core::makeError(
                        core::ErrorCode::Unwritable, "cannot create the folder: " + error.message(), out.toStdString());
                    promise.addResult(std::move(outcome));
                    return;
                }
                pacs::Anonymizer anonymizer(settings);
                for (qsizetype n = 0; n < sources.size(); ++n) {
                    if (token.isCancelled() || promise.isCanceled()) {
                        outcome.status = core::makeError(core::ErrorCode::Cancelled, "export cancelled");
                        break;
                    }
                    auto written = anonymizer.anonymizeFile(sources[n].toStdString(), out.toStdString());
                    if (written) {
                        ++outcome.written;
                    } else {
                        outcome.refused << QString::fromStdString(written.error().toString());
                    }
                    throttle.report(n + 1, sources.size(), sources[n].toStdString());
                }
            } catch (const std::exception& error) {
                outcome.status = internalError(error);
            }
            promise.addResult(std::move(outcome));
        },
        files, outFolder, options, cancel);
}

} // namespace dinolens::ui
