#pragma once
// Manual correction of a label mask: brush and eraser (discs) and polygon fill on one slice k, grouped into
// strokes that undo and redo as one step. The history stores differences (changed voxel indices with their old
// and new labels), not whole masks. Coordinates: (x, y) are voxel columns/rows of slice k, centres at +0.5.
// Toolkit-free. Ownership: owns its copy of the mask. Thread-safety: none (GUI thread of its owner).

#include <array>
#include <cstdint>
#include <vector>

#include "dinolens/core/label_mask.h"

namespace dinolens::ui {

struct MaskDifference {
    std::vector<std::uint32_t> indices; // voxel indices, ascending and unique within a step
    std::vector<std::uint8_t> before;
    std::vector<std::uint8_t> after;
};

class MaskEditor {
public:
    explicit MaskEditor(core::LabelMask mask = {});

    const core::LabelMask& mask() const { return m_mask; }
    /// Replaces the mask and forgets the history.
    void reset(core::LabelMask mask);

    /// Changes between beginStroke and endStroke form one undo step (a step without change is dropped).
    void beginStroke();
    void endStroke();
    /// Sets every voxel of slice k whose centre lies within `radius` of (x, y) to `label` (0 erases).
    void paintDisc(int k, double x, double y, double radius, std::uint8_t label);
    /// Sets the voxels of slice k whose centres lie inside the polygon (even-odd rule) to `label`; one step.
    void fillPolygon(int k, const std::vector<std::array<double, 2>>& points, std::uint8_t label);

    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    bool undo();
    bool redo();
    /// Bytes the history holds (for the tests' "differences, not masks").
    std::size_t historyBytes() const;

private:
    void set(std::size_t index, std::uint8_t label);
    void apply(const MaskDifference& step, bool forward);

    core::LabelMask m_mask;
    std::vector<MaskDifference> m_undo;
    std::vector<MaskDifference> m_redo;
    std::vector<std::uint8_t> m_strokeBefore; // old label of each change in the open stroke, in order
    std::vector<std::uint32_t> m_strokeIndices;
    bool m_inStroke = false;
};

} // namespace dinolens::ui
