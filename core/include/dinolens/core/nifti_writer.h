#pragma once
// Writes label masks as NIfTI-1 (.nii or .nii.gz by the file name) through nifticlib: uint8 voxels, pixdim from
// the mask's spacing, and the sform/qform from the volume geometry converted from DinoLens' LPS to NIfTI's RAS,
// so that loadNifti() reads back the same geometry. The file is written under a temporary name in the same
// folder and renamed into place: a reader never sees a half-written file. Thread-safety: reentrant.

#include <filesystem>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

/// Voxel-to-patient geometry (LPS mm) of a mask; spacing comes from the mask itself.
struct MaskGeometry {
    Vec3 origin { 0.0, 0.0, 0.0 };
    Mat3 direction { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
};

/// Writes `mask` to `path` (.nii or .nii.gz). Errors: InvalidArgument (invalid mask, other extension),
/// Unwritable (folder missing or not writable).
Status writeNiftiLabelMask(const std::filesystem::path& path, const LabelMask& mask, const MaskGeometry& geometry = {});

} // namespace dinolens::core
