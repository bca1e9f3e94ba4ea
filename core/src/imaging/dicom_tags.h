#pragma once
// Reading attributes from a DCMTK dataset: plain values, multi-valued numbers, and the geometry of classic and
// enhanced (functional-group) images. Private to core. Thread-safety: reads the given dataset only.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcitem.h>

#include "dinolens/core/result.h"
#include "dinolens/core/study.h"

namespace dinolens::core::dicom {

std::string getString(DcmItem& item, const DcmTagKey& tag);
/// The first value as an int; nullopt when absent, not a number or outside the range of int.
std::optional<int> getInteger(DcmItem& item, const DcmTagKey& tag);
/// A size or code the pixel layout depends on: `fallback` when absent or empty; an error naming the file and the
/// tag when present but not a number or outside [minimum, maximum] (never a silently wrapped value).
Result<int> getBoundedInteger(
    DcmItem& item, const DcmTagKey& tag, int fallback, int minimum, int maximum, const std::string& path);
std::vector<double> getNumbers(DcmItem& item, const DcmTagKey& tag);

/// Searches the top level, then the shared functional groups, then the first per-frame functional group
/// (enhanced multi-frame objects keep geometry and rescale there).
std::vector<double> getNumbersAnyLevel(DcmItem& dataset, const DcmTagKey& tag, int frame = 0);

/// ImagePositionPatient of one frame (LPS mm), when present.
std::optional<Vec3> imagePosition(DcmItem& dataset, int frame = 0);
/// ImageOrientationPatient (row cosines then column cosines), when present and non-degenerate.
std::optional<std::array<double, 6>> imageOrientation(DcmItem& dataset);

/// Fills the identifiers and geometry of an instance from an open file.
InstanceInfo describeInstance(DcmItem& dataset, const std::string& path, const std::string& transferSyntaxUid);

} // namespace dinolens::core::dicom
