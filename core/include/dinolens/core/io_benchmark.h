#pragma once
// The IO benchmark behind `dinolens-cli bench io`: decoding speed of the real DICOM series and NIfTI volumes
// against merely reading the same files' bytes, measured in the same run. Not a test.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core {

struct IoBenchmarkRow {
    std::string name; // "dicom series-dwi-sag48 (48 files)", "nifti Patient-01 Post_Scan_T1"...
    std::size_t fileBytes = 0; // bytes on disk
    std::size_t decodedBytes = 0; // bytes of the decoded volume
    double readSeconds = 0; // best of the repeats: reading every byte of the files
    double decodeSeconds = 0; // best of the repeats: scan/parse + decode into a Volume
};

/// Runs every case found under `dataRoot` (dicom/series-dwi-sag48, nifti/brain-tumor-progression) `repeats`
/// times with `threads` decoding threads (0 = one per core). Errors when none of the data is there.
Result<std::vector<IoBenchmarkRow>> runIoBenchmark(
    const std::filesystem::path& dataRoot, int repeats, unsigned threads);

} // namespace dinolens::core
