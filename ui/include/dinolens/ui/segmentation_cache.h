#pragma once
// Per-slice results of segmenting series with models, so that a slice is segmented once per (series, model):
// each key (series source + model folder) holds a volume-sized prediction and which of its slices are done.
// Slices are the volume's stored slices (index k); masks use core::LabelMask's layout and the volume's spacing.
// Toolkit-free. Ownership: owns the masks; mask() hands out shared immutable snapshots (copy on write, so a
// snapshot held by the document is never changed underneath it). Thread-safety: none (GUI thread of its owner).

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"
#include "dinolens/core/segmentation_metrics.h"

namespace dinolens::ui {

/// A slice's or a series' answer to "is there a tumour?" (inference/tumor_detection.h).
struct TumorVerdict {
    float probability = 0.0f; // the slice's score; for a series the largest of its segmented slices'
    bool present = false; // for a series: in at least one segmented slice
};

class SegmentationCache {
public:
    /// Creates the entry for `key` (all slices pending) unless one with the same dims exists.
    void ensure(const std::string& key, std::array<int, 3> dims, std::array<double, 3> spacing);
    bool contains(const std::string& key) const;
    /// Stores slice k (a dims[0] x dims[1] mask); false when the key is unknown or the slice does not fit.
    bool store(const std::string& key, int k, const core::LabelMask& slice, TumorVerdict verdict = {});
    /// The verdict of slice k, nullopt until it is done.
    std::optional<TumorVerdict> sliceVerdict(const std::string& key, int k) const;
    /// The verdict over the done slices, nullopt while none is done.
    std::optional<TumorVerdict> seriesVerdict(const std::string& key) const;
    bool isDone(const std::string& key, int k) const;
    int doneCount(const std::string& key) const;
    /// The slices of `wanted` not yet done, in order.
    std::vector<int> missing(const std::string& key, const std::vector<int>& wanted) const;
    /// The prediction so far (pending slices are background); nullptr for an unknown key.
    std::shared_ptr<const core::LabelMask> mask(const std::string& key) const;
    void clear() { m_entries.clear(); }

    /// Tumour Dice (any class > 0) against `truth` over the done slices only; nullopt when none is done or the
    /// dims differ.
    std::optional<core::OverlapScore> overlapOnDone(const std::string& key, const core::LabelMask& truth) const;

private:
    struct Entry {
        std::shared_ptr<core::LabelMask> mask;
        std::vector<bool> done;
        std::vector<TumorVerdict> verdicts;
    };
    std::map<std::string, Entry> m_entries;
};

/// Slice k of a volume-sized mask as a one-slice mask (empty when k is out of range).
core::LabelMask maskSlice(const core::LabelMask& mask, int k);

} // namespace dinolens::ui
