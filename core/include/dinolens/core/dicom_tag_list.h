#pragma once
// Listing the attributes of one DICOM file for display (the viewer's tag view): tag, keyword, VR and value as
// text, meta header (group 0002) first, then the dataset in file order. Nested sequences are summarised, not
// expanded; bulk data (pixel data, values longer than DicomTagListOptions::maxValueLength) is summarised by size
// without being read. Ownership: plain values. Thread-safety: reentrant; reads the file on the calling thread.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core {

struct DicomTagEntry {
    std::uint16_t group = 0;
    std::uint16_t element = 0;
    std::string tag; // "(0010,0010)"
    std::string keyword; // "PatientName"; "Unknown Tag & Data" style names from DCMTK for private tags
    std::string vr; // "PN"
    std::string value; // the value(s) as text, multiple values separated by '\'
};

struct DicomTagListOptions {
    std::size_t maxValueLength = 256; // longer values are cut and end with "..."
};

/// Lists the attributes of a DICOM file. Errors: NotFound, or the reason the file cannot be parsed
/// (InvalidFormat, Truncated, Unreadable), naming the file.
Result<std::vector<DicomTagEntry>> listDicomTags(
    const std::filesystem::path& path, const DicomTagListOptions& options = {});

} // namespace dinolens::core
