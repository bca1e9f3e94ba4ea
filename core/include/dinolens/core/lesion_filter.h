#pragma once
// The lesions a positive slice's mask keeps. A slice holds a tumour when at least a minimal lesion's pixel count
// (detection_metrics.h) reaches the detection threshold; its mask then keeps only the lesions that would be found on
// their own: the 8-connected components of its tumour pixels (any tumour class) holding at least that many pixels at
// or above the threshold. Uncertain islands elsewhere in the brain are dropped with their classes, so the mask, its
// volume, its lesion list and its dominant class stand on what the network is sure of. When no single component
// qualifies (the sure pixels are split between several), the one with the most sure pixels stays: a positive slice
// always ships a mask. Components keep their per-pixel classes. Thread-safety: a pure function.

#include <cstddef>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

/// Filters the 2-D `slice` in place; `foreground` holds its per-pixel tumour probabilities (1 - p(background)), one
/// per pixel in the mask's order. Returns how many components were removed. Errors: InvalidArgument (not a valid 2-D
/// mask, no probabilities).
Result<std::size_t> keepDetectedLesions(
    LabelMask& slice, const float* foreground, double threshold, double minAreaFraction);

} // namespace dinolens::core
