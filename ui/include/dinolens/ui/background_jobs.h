#pragma once
// The job bridge: core work (scanning, loading, thumbnails, tag lists, masks) run off the GUI thread with
// QtConcurrent::run and a QPromise. Every job takes a core::CancelToken (cancel from the GUI thread at any time;
// a cancelled job ends early with the status Cancelled, which the window does not report as a failure) and
// reports progress at most 10 times a
// second through the QFuture's progress value/text. Results are plain values; exceptions never escape a job.
// Thread-safety: start jobs from the GUI thread; watch them with a QFutureWatcher owned by the receiver (on Qt 6.4,
// QFuture::then(context, ...) asserts when the context is destroyed before the job ends).

#include <QFuture>
#include <QImage>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "dinolens/core/dicom_tag_list.h"
#include "dinolens/core/label_mask.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/study.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {

struct ScanOutcome {
    core::ScanResult scan;
    std::vector<core::Error> errors; // paths that could not be scanned at all
    core::Status status = core::okStatus(); // Cancelled when the scan was stopped
};

/// Scans each path (folder, DICOMDIR, DICOM/NIfTI/image file) and merges the studies found.
QFuture<ScanOutcome> scanPathsAsync(const QStringList& paths, const core::CancelToken& cancel);

struct VolumeOutcome {
    LoadedVolume loaded;
    core::Status status = core::okStatus(); // the load's error, or Cancelled
};

/// Loads a series. A DICOM series of several files first yields a one-slice preview (its middle slice, result
/// index 0, `complete` false) and then the whole volume; other sources yield the whole volume only.
QFuture<VolumeOutcome> loadSeriesAsync(
    const core::SeriesInfo& series, const QString& patient, const core::CancelToken& cancel);

struct Thumbnail {
    int study = 0;
    int series = 0;
    QImage image; // at most size x size, aspect from the pixel spacing; null when the series could not be read
};

/// One result per series of `scan`, in order, each as soon as it is ready.
QFuture<Thumbnail> thumbnailsAsync(const core::ScanResult& scan, int size, const core::CancelToken& cancel);

struct TagListOutcome {
    QString path;
    std::vector<core::DicomTagEntry> tags;
    core::Status status = core::okStatus();
};

QFuture<TagListOutcome> listTagsAsync(const QString& path);

struct MaskOutcome {
    QString path; // the mask file read; empty when no companion mask was found
    std::shared_ptr<const core::LabelMask> mask;
    core::Status status = core::okStatus();
};

/// Reads a label mask for a volume of `dims` and `spacing` (mm): a NIfTI mask with the same dims (values > 0 are
/// tumour: small integers keep their class, anything else becomes class 1) or a YOLO polygon label (.txt)
/// rasterised at dims[0] x dims[1].
QFuture<MaskOutcome> loadMaskAsync(const QString& path, std::array<int, 3> dims, core::Vec3 spacing);

/// The mask that belongs to an opened file, when one sits beside it: the dataset label
/// (`<split>/labels/<stem>.txt` for `<split>/images/<stem>.jpg`) or a NIfTI named like "<prefix>_Mask.nii.gz"
/// for "<prefix>_Scan_T1.nii.gz". Empty when there is none. Touches the file system: call off the GUI thread.
QString findCompanionMask(const QString& path);

/// findCompanionMask then loadMask, off the GUI thread; an outcome without mask nor error when there is none.
QFuture<MaskOutcome> loadCompanionMaskAsync(const QString& sourcePath, std::array<int, 3> dims, core::Vec3 spacing);

} // namespace dinolens::ui
