#pragma once
// Comparing two models' predictions (and each with the ground truth): the disagreement mask and Dice per slice.
// Tumour means any class id > 0. Masks share dims and core::LabelMask's layout; slices are k. Toolkit-free.
// Thread-safety: pure functions.

#include <cstdint>
#include <vector>

#include "dinolens/core/label_mask.h"

namespace dinolens::ui {

/// Disagreement classes of disagreementMask.
enum class Disagreement : std::uint8_t { None = 0, OnlyA = 1, OnlyB = 2, Both = 3 };

/// Per voxel: 0 neither, 1 tumour in A only, 2 in B only, 3 in both; empty when dims differ.
core::LabelMask disagreementMask(const core::LabelMask& a, const core::LabelMask& b);

/// Tumour Dice of a and b on each slice k where include[k] (else NaN); both empty on a slice gives 1.
/// Empty when dims differ. `include` shorter than the depth leaves the rest out.
std::vector<double> perSliceDice(const core::LabelMask& a, const core::LabelMask& b, const std::vector<bool>& include);

} // namespace dinolens::ui
