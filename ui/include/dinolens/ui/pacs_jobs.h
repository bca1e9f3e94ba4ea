#pragma once
// The PACS work of the viewer as background jobs (QtConcurrent::run with a QPromise) over the toolkit-free `pacs`
// module: testing a node, searching it (studies, then the series of each), retrieving a series into the retrieve
// cache while reporting each instance, measuring the cache, storing a segmentation back and exporting anonymised
// copies. Results are plain values; exceptions never escape a job; cancelling (the token or the QFuture) ends a job
// early with the status Cancelled. Progress reaches the QFuture at most 10 times a second.
// Thread-safety: start jobs from the GUI thread; each job works on its own copies of its inputs.

#include <QFuture>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "dinolens/pacs/anonymizer.h"
#include "dinolens/pacs/pacs_client.h"
#include "dinolens/pacs/retrieve_cache.h"

namespace dinolens::ui {

/// C-ECHO or a one-match QIDO: Ok when the node answers.
QFuture<core::Status> testPacsNodeAsync(const pacs::PacsNode& node);

struct PacsStudyMatches {
    pacs::PacsMatch study {};
    std::vector<pacs::PacsMatch> series {}; // the study's series (series-level search); empty when that failed
    core::Status seriesStatus = core::okStatus();
};

struct PacsSearchOutcome {
    std::vector<PacsStudyMatches> studies {};
    bool truncated = false; // more studies matched than the query's maxMatches
    core::Status status = core::okStatus(); // the study search's error, or Cancelled
};

/// A study-level search with `query`, then a series-level search in each study found. Progress: studies done.
QFuture<PacsSearchOutcome> searchPacsAsync(
    const pacs::PacsNode& node, const pacs::PacsQuery& query, const core::CancelToken& cancel);

struct PacsRetrieveEvent {
    enum class Kind { FirstInstance, Finished };
    Kind kind = Kind::Finished;
    QString seriesFolder {}; // <cache>/<study>/<series>
    QString firstFile {}; // FirstInstance: the instance now in place
    int instances = 0; // Finished: instances in the series folder
    std::uint64_t bytes = 0;
    double seconds = 0.0; // from the request to the last instance
    QString method {}; // "WADO-RS", "C-GET", "C-MOVE"
    bool partialRemoved = false; // a failed or cancelled retrieve's instances were taken out of the cache
    std::vector<QString> evicted {}; // series folders the cache cap removed afterwards
    core::Status status = core::okStatus();
};

struct PacsRetrieveSettings {
    QString cacheRoot {};
    std::uint64_t cacheCapBytes = 0; // 0: no cap
};

/// Retrieves one series into the retrieve cache (<root>/<study>/<series>/<sop>.dcm), first removing what a crashed
/// writer left there. Result 0 arrives with the first instance in place (FirstInstance), the last result when the
/// retrieve ends (Finished, with its status). A failed or cancelled retrieve of a series that was not cached before
/// removes the series' folder again, so that the cache never holds part of a series. After a complete retrieve the
/// cap is enforced (the retrieved study stays). Progress: instances done of the total (0 while the PACS has not said),
/// text "<MB/s>" as a number.
QFuture<PacsRetrieveEvent> retrievePacsSeriesAsync(const pacs::PacsNode& node, const pacs::RetrieveRequest& request,
    const PacsRetrieveSettings& settings, const core::CancelToken& cancel);

/// The bytes and series the cache at `root` holds now.
QFuture<core::Result<pacs::CacheUsage>> pacsCacheUsageAsync(const QString& root);

struct PacsSendRequest {
    std::shared_ptr<const core::Volume> volume {}; // the segmented DICOM series
    core::LabelMask mask {}; // the volume's dims
    QString summary {}; // one line: what the model found, for the Secondary Capture and the status bar
    bool secondaryCapture = false; // also send the key slices with the overlay and the summary
    QString workFolder {}; // temporary files go to a fresh folder under it, removed afterwards
};

struct PacsSendOutcome {
    QString node {};
    QString method {}; // "STOW-RS", "C-STORE"
    int stored = 0;
    QStringList failures {}; // "<instance>: <reason>"
    bool anonymised = false; // the node is external: what was sent was de-identified first
    int secondaryCaptures = 0;
    QString studyUid {}; // the study the instances went into (the anonymised one for an external node)
    core::Status status = core::okStatus();
};

/// Writes the mask as a DICOM SEG of the volume's series (core::writeDicomSeg), with the key slices as Secondary
/// Capture images when asked, anonymises them when the node is external, and stores them on the node.
QFuture<PacsSendOutcome> sendSegmentationAsync(
    const pacs::PacsNode& node, const PacsSendRequest& request, const core::CancelToken& cancel);

struct PacsExportOutcome {
    QString outFolder {};
    int written = 0;
    QStringList refused {}; // "<file>: <reason>" (burned-in annotation, unreadable)
    core::Status status = core::okStatus();
};

/// De-identifies `files` (one Anonymizer: UIDs remapped consistently) into `outFolder`. Progress: files done.
QFuture<PacsExportOutcome> exportAnonymisedAsync(const QStringList& files, const QString& outFolder,
    const pacs::AnonymizeOptions& options, const core::CancelToken& cancel);

} // namespace dinolens::ui
