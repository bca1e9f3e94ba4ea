#pragma once
// `dinolens-cli bench pacs`: how fast a series comes from a PACS over WADO-RS and C-GET, against the PACS's own limit
// (for Orthanc: a plain keep-alive loop over its REST `/instances/{id}/file`) and against reading the same files from
// disk (page cache warm: the files were just written), and how soon the first slice can be shown. Times in seconds,
// sizes in bytes. Not thread-safe.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/pacs/pacs_node.h"

namespace dinolens::pacs {

struct PacsBenchmarkOptions {
    PacsNode dicomWeb; // required
    PacsNode dimse; // C-GET is measured when its protocol is Dimse
    bool withDimse = false;
    std::string orthancUrl; // Orthanc's REST root (e.g. http://127.0.0.1:8042); empty: no limit measured
    std::string studyUid; // empty: the first study the PACS lists
    std::string seriesUid; // empty: the study's largest series
    std::filesystem::path workFolder; // retrieved copies go here (removed after each run)
    int repeats = 3; // best of
};

struct PacsBenchmarkRow {
    std::string name; // "WADO-RS", "C-GET", "Orthanc /instances/{id}/file", "disk"
    int instances = 0;
    std::uint64_t bytes = 0;
    double seconds = 0.0; // best run
    double firstInstanceSeconds = -1.0; // from the request until the first instance was on disk; -1: not measured
    /// From the request until the first slice could be shown: the first instance scanned, loaded and windowed on
    /// a thread of its own while the retrieve goes on, as the viewer does; -1: not measured.
    double firstSliceSeconds = -1.0;
};

struct PacsBenchmarkResult {
    std::string studyUid;
    std::string seriesUid;
    std::vector<PacsBenchmarkRow> rows;
};

/// Errors: those of find and retrieve, NotFound (no series), Unreadable (Orthanc's REST API).
core::Result<PacsBenchmarkResult> runPacsBenchmark(const PacsBenchmarkOptions& options);

} // namespace dinolens::pacs
