#include "dinolens/ui/viewer_document.h"

#include <algorithm>

namespace dinolens::ui {

ViewerDocument::ViewerDocument(QObject* parent)
    : QObject(parent)
{
}

void ViewerDocument::setVolume(const LoadedVolume& loaded)
{
    const bool sameSeries = hasVolume() && !m_loaded.complete && m_loaded.sourcePath == loaded.sourcePath;
    const auto previous = m_loaded.volume;
    m_loaded = loaded;
    if (!loaded.volume) {
        clear();
        return;
    }
    const auto& dims = loaded.volume->dims;
    // A preview shows the middle slice, so the complete volume opens on the middle too; keep a manual window.
    m_cursor = { dims[0] / 2, dims[1] / 2, dims[2] / 2 };
    if (!(sameSeries && m_window.name == "Manual")) {
        m_window = loaded.windows.empty() ? core::WindowLevel {} : loaded.windows.front();
    }
    if ((m_mask && m_mask->dims != dims) || (m_prediction && !sameSeries)) {
        m_mask = m_mask && m_mask->dims == dims ? m_mask : nullptr;
        m_prediction.reset();
        Q_EMIT maskChanged();
    }
    Q_EMIT volumeChanged();
    Q_EMIT windowChanged();
    Q_EMIT cursorChanged();
}

void ViewerDocument::clear()
{
    m_loaded = {};
    m_mask.reset();
    m_prediction.reset();
    m_cursor = { 0, 0, 0 };
    Q_EMIT maskChanged();
    Q_EMIT volumeChanged();
}

bool ViewerDocument::setMask(std::shared_ptr<const core::LabelMask> mask)
{
    if (mask && (!hasVolume() || mask->dims != m_loaded.volume->dims || !mask->isValid())) {
        return false;
    }
    m_mask = std::move(mask);
    if (m_mask && !m_prediction) {
        m_shownLayer = MaskLayer::GroundTruth;
    }
    Q_EMIT maskChanged();
    return true;
}

bool ViewerDocument::setPrediction(std::shared_ptr<const core::LabelMask> mask)
{
    if (mask && (!hasVolume() || mask->dims != m_loaded.volume->dims || !mask->isValid())) {
        return false;
    }
    m_prediction = std::move(mask);
    if (m_prediction) {
        m_shownLayer = MaskLayer::Prediction;
    }
    Q_EMIT maskChanged();
    return true;
}

const core::LabelMask* ViewerDocument::mask() const
{
    return m_shownLayer == MaskLayer::Prediction ? m_prediction.get() : m_mask.get();
}

void ViewerDocument::setShownLayer(MaskLayer layer)
{
    if (layer != m_shownLayer) {
        m_shownLayer = layer;
        Q_EMIT maskChanged();
    }
}

void ViewerDocument::setCursor(std::array<int, 3> voxel)
{
    if (!hasVolume()) {
        return;
    }
    for (std::size_t a = 0; a < 3; ++a) {
        voxel[a] = std::clamp(voxel[a], 0, m_loaded.volume->dims[a] - 1);
    }
    if (voxel != m_cursor) {
        m_cursor = voxel;
        Q_EMIT cursorChanged();
    }
}

void ViewerDocument::setWindow(const core::WindowLevel& window)
{
    m_window = window;
    m_window.width = std::max(m_window.width, 1.0);
    Q_EMIT windowChanged();
}

void ViewerDocument::setOverlayStyle(const OverlayStyle& style)
{
    m_overlayStyle = style;
    Q_EMIT overlayStyleChanged();
}

} // namespace dinolens::ui
