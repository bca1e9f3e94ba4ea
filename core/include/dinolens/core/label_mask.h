#pragma once
// A label mask: one class id per pixel/voxel (0 background, 1 glioma, 2 meningioma, 3 pituitary; see
// polygon_label.h), the plain-value form used by polygon rasterisation, segmentation metrics and model output.
// Layout: i (column) fastest, then j (row, top to bottom), then k (slice); index = i + dims[0] * (j + dims[1] * k).
// Units: spacing in millimetres along i, j, k (the same convention as Volume). A 2-D mask has dims[2] == 1.
// Ownership: owns its buffer; copies are deep. Thread-safety: a const LabelMask may be read from several threads.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dinolens::core {

struct LabelMask {
    std::array<int, 3> dims { 0, 0, 1 }; // columns (i), rows (j), slices (k)
    std::array<double, 3> spacing { 1.0, 1.0, 1.0 }; // mm along i, j, k
    std::vector<std::uint8_t> labels; // dims[0] * dims[1] * dims[2] class ids

    /// A zero-filled (all background) mask; negative sizes give an empty mask.
    static LabelMask zeros(int width, int height, int depth = 1)
    {
        LabelMask mask;
        mask.dims = { width, height, depth };
        mask.labels.assign(mask.voxelCount(), 0);
        return mask;
    }

    int width() const { return dims[0]; }
    int height() const { return dims[1]; }
    int depth() const { return dims[2]; }
    std::size_t voxelCount() const
    {
        if (dims[0] <= 0 || dims[1] <= 0 || dims[2] <= 0) {
            return 0;
        }
        return static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1])
            * static_cast<std::size_t>(dims[2]);
    }
    /// True when dims are positive and the buffer holds exactly one label per voxel.
    bool isValid() const { return voxelCount() > 0 && labels.size() == voxelCount(); }

    std::uint8_t at(int i, int j, int k = 0) const { return labels[index(i, j, k)]; }
    std::uint8_t& at(int i, int j, int k = 0) { return labels[index(i, j, k)]; }
    std::size_t index(int i, int j, int k = 0) const
    {
        return static_cast<std::size_t>(i)
            + static_cast<std::size_t>(dims[0])
            * (static_cast<std::size_t>(j) + static_cast<std::size_t>(dims[1]) * static_cast<std::size_t>(k));
    }
};

} // namespace dinolens::core
