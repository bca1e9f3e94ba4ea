#pragma once
// DCMTK reads (and frees) nested sequences recursively, without a depth limit: a 120 KB file of 6,000 nested
// sequences overflows an 8 MiB stack. This walks the element structure of a file iteratively, before DCMTK
// parses it, and refuses nesting deeper than any real object uses. Private to core. Thread-safety: reentrant.

#include <string>

#include "dinolens/core/result.h"

namespace dinolens::core::dicom {

/// Deepest sequence nesting accepted (structured reports, the deepest real objects, use a few tens).
inline constexpr int kMaxSequenceDepth = 128;

/// InvalidFormat when sequences in `path` nest deeper than kMaxSequenceDepth (deflated data is inflated for the
/// walk, up to a bound). Where the walk loses the structure (garbage, truncation) it stops and passes: DCMTK then
/// reads the same bytes as garbage too and reports the error.
Status checkSequenceNesting(const std::string& path);

} // namespace dinolens::core::dicom
