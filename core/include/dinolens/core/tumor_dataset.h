#pragma once
// A brain tumour dataset in the YOLO layout: `<root>/<split>/images/<stem>.<jpg|jpeg|png|bmp|tif|tiff>` with
// `<root>/<split>/labels/<stem>.txt` (see polygon_label.h for the label format and class ids). The root may be
// any folder in this layout.
//
// Samples are sorted by image file name (byte-wise), so every listing of the same folder is in the same order.
// Ownership: plain values holding paths; nothing is opened after a function returns.
// Thread-safety: the functions only read the file system and may run concurrently.

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/polygon_label.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

struct TumorSample {
    std::string stem; // file name without extension, shared by image and label
    std::filesystem::path imagePath;
    std::optional<std::filesystem::path> labelPath; // nullopt when the label file is missing
};

struct TumorSplit {
    std::filesystem::path root; // the dataset root
    std::string name; // "train", "valid", ...
    std::vector<TumorSample> samples; // sorted by image file name
    std::vector<std::filesystem::path> orphanLabels; // label files without an image, sorted
    std::vector<std::string> warnings; // layout problems that did not stop the listing
};

/// Lists `<root>/<split>`. Errors: NotFound when the split or its images folder is missing; InvalidFormat when
/// the images folder holds no image file; Unreadable on a file system error. A missing labels folder is a
/// warning (every sample then lacks its label).
Result<TumorSplit> listTumorSplit(const std::filesystem::path& root, const std::string& split);

struct TumorSplitStatistics {
    int imageCount = 0;
    std::array<int, kTumorClassCount> imagesPerClass {}; // images with at least one usable polygon of the class
    std::array<int, kTumorClassCount> polygonsPerClass {}; // usable polygons; index 0 stays 0
    int imagesWithoutLabel = 0; // no label file
    int imagesWithoutTumor = 0; // a label file with no usable polygon (empty, or every polygon skipped)
    int invalidLabels = 0; // label files that could not be parsed at all (counted, not fatal)
    int clampedPolygons = 0; // polygons kept after clamping slightly out-of-range coordinates
    std::array<int, kLabelProblemKindCount> skippedPolygonsByReason {}; // indexed by LabelProblemKind
    std::vector<std::string> messages; // one line per defect, with the file and line; capped at kMaxMessages

    static constexpr std::size_t kMaxMessages = 200;
    int skippedPolygons() const;
};

/// Reads every label of the split and counts classes and defects. Label defects are counted, not fatal.
/// Errors: Cancelled when `cancel` is set (polled per label file). `progress` gets (done, total, "labels").
Result<TumorSplitStatistics> computeSplitStatistics(const TumorSplit& split, const CancelToken& cancel = {},
    const ProgressSink& progress = {}, const LabelParseOptions& options = {});

} // namespace dinolens::core
