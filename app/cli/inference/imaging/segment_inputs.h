#pragma once
// What `dinolens-cli segment` reads from each input: a NIfTI volume, a DICOM series folder, a DICOMDIR, a study
// folder (one volume per series) or 2-D images (one volume each), and where each volume's files go.

#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/study.h"

namespace dinolens::app {

struct SegmentTarget {
    std::string input; // the input as given, plus the series when the input holds several
    core::SeriesInfo series;
    std::filesystem::path folder; // output folder of this volume
};

/// The volumes of `input` and their output folders under `base` (base itself when the input holds one volume,
/// else one sub-folder per series). Errors: NotFound (no such path, no volume in it), and those of the scan.
core::Result<std::vector<SegmentTarget>> segmentTargets(const std::string& input, const std::filesystem::path& base);

/// A folder name for `input` ("scan" for scan.nii.gz, the folder's name for a folder or its DICOMDIR).
std::string inputStem(const std::string& input);

} // namespace dinolens::app
