#pragma once
// One case of a datalist (datalist.h) loaded for training or evaluation: its image volume and its label as
// tumour class ids in the image's geometry. A label is a NIfTI volume or DICOM series (values mapped through
// the datalist's "labels"), or a DICOM SEG file of the image series (core/dicom_seg.h; classes from its segments).
// Errors name the entry: a file that cannot be read, a label whose shape differs from the image's.
// Thread-safety: reentrant.

#include "dinolens/core/datalist.h"
#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/volume_loading.h"

namespace dinolens::core {

struct DatalistCase {
    Volume image;
    LabelMask label; // the image's dims and spacing; class ids 0..3
};

/// Loads `entry` of `datalist`. Errors: InvalidFormat (no label, the label's shape differs from the image's, a SEG
/// that does not fit the image), and those of the loaders, each prefixed with the entry's name and what failed.
Result<DatalistCase> loadDatalistCase(
    const Datalist& datalist, const DatalistEntry& entry, const VolumeLoadOptions& options = {});

/// "256x256x24".
std::string volumeShape(const std::array<int, 3>& dims);

} // namespace dinolens::core
