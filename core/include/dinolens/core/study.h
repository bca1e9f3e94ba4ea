#pragma once
// What a scan of files found: studies -> series -> instances, with the usual DICOM identifiers. NIfTI files and
// plain images appear as one-series studies so every source is browsed the same way.
// Plain values; thread-safety as for any value type.

#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

enum class SourceKind { Dicom, Nifti, Image };

const char* sourceKindName(SourceKind kind);

struct InstanceInfo {
    std::string path;
    std::string sopInstanceUid;
    std::string sopClassUid;
    std::string transferSyntaxUid;
    std::string transferSyntaxName;
    int instanceNumber = 0;
    int rows = 0;
    int columns = 0;
    int frames = 1;
    std::optional<Vec3> position; // ImagePositionPatient, LPS mm
    std::optional<std::array<double, 6>> orientation; // ImageOrientationPatient (row then column cosines, LPS)
};

struct SeriesInfo {
    SourceKind kind = SourceKind::Dicom;
    std::string seriesInstanceUid; // for NIfTI/images: the file path
    std::string modality;
    std::string description;
    int seriesNumber = 0;
    std::vector<InstanceInfo> instances; // DICOM: one per file; NIfTI/image: the file itself
};

struct StudyInfo {
    std::string studyInstanceUid;
    std::string studyDate;
    std::string studyDescription;
    std::string patientName;
    std::string patientId;
    std::vector<SeriesInfo> series;
};

/// A file that a scan could not use, and why (the scan itself still succeeds).
struct SkippedFile {
    std::string path;
    Error error;
};

struct ScanResult {
    std::vector<StudyInfo> studies;
    std::vector<SkippedFile> skipped;
};

} // namespace dinolens::core
