#pragma once
// NIfTI-1 and NIfTI-2 volumes (.nii, .nii.gz, .hdr/.img) through nifticlib. The sform (else the qform, else
// pixdim) maps voxels to RAS; it is converted to DinoLens' LPS. scl_slope/scl_inter become the rescale.
// 4-D files: one volume (options.volumeIndex, default 0) is read, without reading the others.
// Thread-safety: reentrant.

#include <filesystem>

#include "dinolens/core/result.h"
#include "dinolens/core/study.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/volume_loading.h"

namespace dinolens::core {

/// True when the file name ends in .nii, .nii.gz, .hdr or .hdr.gz.
bool hasNiftiExtension(const std::filesystem::path& path);

/// Reads only the header and describes the file as a one-instance series (dimensions in rows/columns/frames:
/// frames = slices).
Result<SeriesInfo> describeNifti(const std::filesystem::path& path);

Result<Volume> loadNifti(const std::filesystem::path& path, const VolumeLoadOptions& options = {});

} // namespace dinolens::core
