#include "dinolens/core/lesion_filter.h"

#include <cstdint>
#include <vector>

#include "minimal_lesion.h"

namespace dinolens::core {

namespace {

struct Component {
    std::size_t first = 0; // its pixels are members[first, first + size)
    std::size_t size = 0;
    std::size_t sure = 0; // pixels at or above the threshold
};

} // namespace

Result<std::size_t> keepDetectedLesions(
    LabelMask& slice, const float* foreground, double threshold, double minAreaFraction)
{
    if (!slice.isValid() || slice.depth() != 1) {
        return makeError(ErrorCode::InvalidArgument, "the lesion filter needs a valid 2-D mask");
    }
    if (foreground == nullptr) {
        return makeError(ErrorCode::InvalidArgument, "the lesion filter needs the tumour probabilities");
    }
    const int width = slice.width();
    const int height = slice.height();
    std::vector<std::uint8_t>& labels = slice.labels;
    const std::size_t pixels = labels.size();
    const std::size_t needed = detail::minimalLesionPixels(pixels, minAreaFraction);

    // Flood fill of the tumour pixels, 8-connected; `members` lists each component's pixels one after the other.
    std::vector<bool> seen(pixels, false);
    std::vector<std::size_t> members;
    std::vector<Component> components;
    for (std::size_t seed = 0; seed < pixels; ++seed) {
        if (labels[seed] == 0 || seen[seed]) {
            continue;
        }
        Component component;
        component.first = members.size();
        seen[seed] = true;
        members.push_back(seed);
        for (std::size_t next = component.first; next < members.size(); ++next) {
            const std::size_t at = members[next];
            if (foreground[at] >= threshold) {
                ++component.sure;
            }
            const int x = static_cast<int>(at % static_cast<std::size_t>(width));
            const int y = static_cast<int>(at / static_cast<std::size_t>(width));
            for (int dy = -1; dy <= 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx;
                    const int ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                        continue;
                    }
                    const std::size_t neighbour
                        = static_cast<std::size_t>(ny) * static_cast<std::size_t>(width) + static_cast<std::size_t>(nx);
                    if (labels[neighbour] != 0 && !seen[neighbour]) {
                        seen[neighbour] = true;
                        members.push_back(neighbour);
                    }
                }
            }
        }
        component.size = members.size() - component.first;
        components.push_back(component);
    }

    bool anyKept = false;
    std::size_t fallback = 0; // the component with the most sure pixels
    for (std::size_t c = 0; c < components.size(); ++c) {
        anyKept = anyKept || components[c].sure >= needed;
        if (components[c].sure > components[fallback].sure) {
            fallback = c;
        }
    }
    std::size_t removed = 0;
    for (std::size_t c = 0; c < components.size(); ++c) {
        const Component& component = components[c];
        if (component.sure >= needed || (!anyKept && c == fallback)) {
            continue;
        }
        for (std::size_t m = component.first; m < component.first + component.size; ++m) {
            labels[members[m]] = 0;
        }
        ++removed;
    }
    return removed;
}

} // namespace dinolens::core
