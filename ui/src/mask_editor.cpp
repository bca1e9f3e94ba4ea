#include "dinolens/ui/mask_editor.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dinolens::ui {

MaskEditor::MaskEditor(core::LabelMask mask)
    : m_mask(std::move(mask))
{
}

void MaskEditor::reset(core::LabelMask mask)
{
    m_mask = std::move(mask);
    m_undo.clear();
    m_redo.clear();
    m_strokeIndices.clear();
    m_strokeBefore.clear();
    m_inStroke = false;
}

void MaskEditor::beginStroke()
{
    m_inStroke = true;
    m_strokeIndices.clear();
    m_strokeBefore.clear();
}

void MaskEditor::set(std::size_t index, std::uint8_t label)
{
    if (m_mask.labels[index] == label) {
        return;
    }
    if (m_inStroke) {
        m_strokeIndices.push_back(static_cast<std::uint32_t>(index));
        m_strokeBefore.push_back(m_mask.labels[index]);
    }
    m_mask.labels[index] = label;
}

void MaskEditor::endStroke()
{
    if (!m_inStroke) {
        return;
    }
    m_inStroke = false;
    // The first old value of each voxel is the one to restore; sort by index keeping that first value.
    std::vector<std::size_t> order(m_strokeIndices.size());
    std::iota(order.begin(), order.end(), std::size_t { 0 });
    std::stable_sort(order.begin(), order.end(),
        [this](std::size_t a, std::size_t b) { return m_strokeIndices[a] < m_strokeIndices[b]; });
    MaskDifference step;
    for (const std::size_t n : order) {
        const std::uint32_t index = m_strokeIndices[n];
        if (!step.indices.empty() && step.indices.back() == index) {
            continue;
        }
        if (m_strokeBefore[n] != m_mask.labels[index]) {
            step.indices.push_back(index);
            step.before.push_back(m_strokeBefore[n]);
            step.after.push_back(m_mask.labels[index]);
        }
    }
    if (!step.indices.empty()) {
        m_undo.push_back(std::move(step));
        m_redo.clear();
    }
}

void MaskEditor::paintDisc(int k, double x, double y, double radius, std::uint8_t label)
{
    if (!m_mask.isValid() || k < 0 || k >= m_mask.dims[2]) {
        return;
    }
    const int x0 = std::max(0, static_cast<int>(std::floor(x - radius)));
    const int x1 = std::min(m_mask.dims[0] - 1, static_cast<int>(std::ceil(x + radius)));
    const int y0 = std::max(0, static_cast<int>(std::floor(y - radius)));
    const int y1 = std::min(m_mask.dims[1] - 1, static_cast<int>(std::ceil(y + radius)));
    for (int j = y0; j <= y1; ++j) {
        for (int i = x0; i <= x1; ++i) {
            const double dx = i + 0.5 - x;
            const double dy = j + 0.5 - y;
            if (dx * dx + dy * dy <= radius * radius) {
                set(m_mask.index(i, j, k), label);
            }
        }
    }
}

void MaskEditor::fillPolygon(int k, const std::vector<std::array<double, 2>>& points, std::uint8_t label)
{
    if (!m_mask.isValid() || k < 0 || k >= m_mask.dims[2] || points.size() < 3) {
        return;
    }
    beginStroke();
    for (int j = 0; j < m_mask.dims[1]; ++j) {
        const double cy = j + 0.5;
        std::vector<double> crossings;
        for (std::size_t n = 0; n < points.size(); ++n) {
            const auto& a = points[n];
            const auto& b = points[(n + 1) % points.size()];
            if ((a[1] <= cy) != (b[1] <= cy)) {
                crossings.push_back(a[0] + (cy - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
            }
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t n = 0; n + 1 < crossings.size(); n += 2) {
            const int from = std::max(0, static_cast<int>(std::ceil(crossings[n] - 0.5)));
            const int to = std::min(m_mask.dims[0] - 1, static_cast<int>(std::floor(crossings[n + 1] - 0.5)));
            for (int i = from; i <= to; ++i) {
                set(m_mask.index(i, j, k), label);
            }
        }
    }
    endStroke();
}

void MaskEditor::apply(const MaskDifference& step, bool forward)
{
    const auto& values = forward ? step.after : step.before;
    for (std::size_t n = 0; n < step.indices.size(); ++n) {
        m_mask.labels[step.indices[n]] = values[n];
    }
}

bool MaskEditor::undo()
{
    if (m_undo.empty()) {
        return false;
    }
    apply(m_undo.back(), false);
    m_redo.push_back(std::move(m_undo.back()));
    m_undo.pop_back();
    return true;
}

bool MaskEditor::redo()
{
    if (m_redo.empty()) {
        return false;
    }
    apply(m_redo.back(), true);
    m_undo.push_back(std::move(m_redo.back()));
    m_redo.pop_back();
    return true;
}

std::size_t MaskEditor::historyBytes() const
{
    std::size_t bytes = 0;
    for (const auto* stack : { &m_undo, &m_redo }) {
        for (const MaskDifference& step : *stack) {
            bytes += step.indices.size() * (sizeof(std::uint32_t) + 2);
        }
    }
    return bytes;
}

} // namespace dinolens::ui
