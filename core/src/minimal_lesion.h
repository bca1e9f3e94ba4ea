#pragma once
// The pixel count of a minimal lesion (detection_metrics.h): minAreaFraction x the pixel count, rounded, at least 1
// and at most the count. Shared by the tumour score and the lesion filter so that both mean the same lesion.

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace dinolens::core::detail {

inline std::size_t minimalLesionPixels(std::size_t count, double minAreaFraction)
{
    const double wanted = std::round(minAreaFraction * static_cast<double>(count));
    const std::size_t most = std::max<std::size_t>(count, 1);
    if (!(wanted >= 1.0)) { // also NaN
        return 1;
    }
    return wanted >= static_cast<double>(most) ? most : static_cast<std::size_t>(wanted);
}

} // namespace dinolens::core::detail
