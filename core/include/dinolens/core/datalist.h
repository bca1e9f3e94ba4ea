#pragma once
// A dataset of volumes in the datalist format MONAI and the Medical Segmentation Decathlon write:
//   {"labels": {"0": "background", "1": "glioma"},
//    "training": [{"image": "p01/t1.nii.gz", "label": "p01/mask.nii.gz"}, ...], "validation": [...]}
// Images and labels are NIfTI volumes or DICOM series folders (a label may also be a DICOM SEG file). Paths are
// relative to the datalist file, or absolute. Label values map onto DinoLens's tumour classes (polygon_label.h) by
// name: "glioma", "meningioma", "pituitary" (any case; "tumor"/"tumour" count as glioma, "background" as 0);
// a label name the classes do not know is an error naming it.
// Thread-safety: pure functions reading the file system.

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core {

struct DatalistEntry {
    std::filesystem::path image;
    std::filesystem::path label; // empty when the entry has no label (inference-only lists)
    std::string name; // "<list>[<index>]" as the file names it, for messages
};

struct Datalist {
    std::filesystem::path file;
    std::string list; // the list read: "training", "validation", ...
    std::vector<DatalistEntry> entries;
    std::array<int, 256> classOfLabelValue {}; // label voxel value -> tumour class id (0 background)
};

/// The list of `file` that a split names: "train" reads "training", "valid"/"val" read "validation", and any other
/// name reads the list of that name. Errors: NotFound (no file, no such list, an entry's file missing),
/// InvalidFormat (not JSON, an entry without "image", an unknown label name), each naming the entry.
Result<Datalist> readDatalist(const std::filesystem::path& file, const std::string& split);

/// True when `path` is a file with the .json extension (a datalist rather than a dataset folder).
bool isDatalistFile(const std::filesystem::path& path);

} // namespace dinolens::core
