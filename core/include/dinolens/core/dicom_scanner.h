#pragma once
// Finding DICOM images: a folder (recursively), a DICOMDIR, or single files, grouped into studies and series.
// Files that are not DICOM images (reports, plans, unreadable or truncated files) are listed in
// ScanResult::skipped with the reason; they never fail the whole scan.
// Thread-safety: reentrant; reads files on up to `threads` threads.

#include <filesystem>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/study.h"

namespace dinolens::core {

struct DicomScanOptions {
    unsigned threads = 0; // 0 = one per core
    ProgressSink progress; // called about every 50 files with (files done, files total, current file)
    CancelToken cancel;
};

/// Scans a folder, a DICOMDIR or a single DICOM file. Errors: the path does not exist (NotFound), a single file
/// that is not a readable DICOM image (its reason), or the scan was cancelled (Cancelled).
Result<ScanResult> scanDicom(const std::filesystem::path& path, const DicomScanOptions& options = {});

/// Scans an explicit list of files (e.g. what a user dropped on the viewer).
Result<ScanResult> scanDicomFiles(
    const std::vector<std::filesystem::path>& files, const DicomScanOptions& options = {});

/// Orders a series' instances along the slice normal (ImagePositionPatient projected on the normal of
/// ImageOrientationPatient); falls back to InstanceNumber, then the file name, when geometry is missing.
void sortInstances(SeriesInfo& series);

} // namespace dinolens::core
