#include "dinolens/ui/model_comparison.h"

#include <limits>

namespace dinolens::ui {

core::LabelMask disagreementMask(const core::LabelMask& a, const core::LabelMask& b)
{
    if (a.dims != b.dims || !a.isValid() || !b.isValid()) {
        return {};
    }
    core::LabelMask result = core::LabelMask::zeros(a.dims[0], a.dims[1], a.dims[2]);
    result.spacing = a.spacing;
    for (std::size_t n = 0; n < a.labels.size(); ++n) {
        result.labels[n] = static_cast<std::uint8_t>((a.labels[n] != 0 ? 1 : 0) | (b.labels[n] != 0 ? 2 : 0));
    }
    return result;
}

std::vector<double> perSliceDice(const core::LabelMask& a, const core::LabelMask& b, const std::vector<bool>& include)
{
    if (a.dims != b.dims || !a.isValid() || !b.isValid()) {
        return {};
    }
    const std::size_t plane = static_cast<std::size_t>(a.dims[0]) * static_cast<std::size_t>(a.dims[1]);
    std::vector<double> dice(static_cast<std::size_t>(a.dims[2]), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < dice.size() && k < include.size(); ++k) {
        if (!include[k]) {
            continue;
        }
        std::size_t inA = 0;
        std::size_t inB = 0;
        std::size_t inBoth = 0;
        for (std::size_t n = k * plane; n < (k + 1) * plane; ++n) {
            const bool x = a.labels[n] != 0;
            const bool y = b.labels[n] != 0;
            inA += x ? 1 : 0;
            inB += y ? 1 : 0;
            inBoth += x && y ? 1 : 0;
        }
        dice[k] = inA + inB == 0 ? 1.0 : 2.0 * static_cast<double>(inBoth) / static_cast<double>(inA + inB);
    }
    return dice;
}

} // namespace dinolens::ui
