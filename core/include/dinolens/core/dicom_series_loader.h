#pragma once
// Loading one DICOM series (as found by scanDicom) into a Volume: slices decoded in parallel, ordered along the
// slice normal, geometry in LPS mm. Multi-frame files contribute one slice per frame.
// Thread-safety: reentrant; uses up to options.threads threads internally.

#include "dinolens/core/result.h"
#include "dinolens/core/study.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/volume_loading.h"

namespace dinolens::core {

/// Errors name the first file that failed and why; all slices must share Rows and Columns.
Result<Volume> loadDicomSeries(const SeriesInfo& series, const VolumeLoadOptions& options = {});

} // namespace dinolens::core
