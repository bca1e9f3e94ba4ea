#pragma once
// One entry point for everything a user can open: a DICOM folder, DICOMDIR or file, NIfTI files, plain images,
// or a folder mixing them. DICOM files are grouped by study and series; NIfTI files and images are grouped into
// one study per folder with one series per file. Thread-safety: reentrant.

#include <filesystem>

#include "dinolens/core/dicom_scanner.h"
#include "dinolens/core/result.h"
#include "dinolens/core/study.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/volume_loading.h"

namespace dinolens::core {

/// Finds the studies under `path`. Files that cannot be used are listed in ScanResult::skipped. A single file
/// that cannot be read is an error naming the file and the reason.
Result<ScanResult> scanPath(const std::filesystem::path& path, const DicomScanOptions& options = {});

/// Loads a series found by scanPath into a volume, whatever its source.
Result<Volume> loadSeries(const SeriesInfo& series, const VolumeLoadOptions& options = {});

/// Convenience for a single file or a folder holding one series: scan, then load the first series found.
Result<Volume> loadVolume(const std::filesystem::path& path, const VolumeLoadOptions& options = {});

} // namespace dinolens::core
