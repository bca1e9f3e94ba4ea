#pragma once
// The overlay panel: show/hide, filled or outline, opacity, per-class visibility with the legend colours, and
// the tumour area of the shown slice (mm^2) and volume (mL). Reads and writes the document's overlay style.
// Ownership: Qt parent/child; the document must outlive the panel. Thread-safety: GUI thread only.

#include <QWidget>

#include <array>

#include "dinolens/ui/slice_plane.h"
#include "dinolens/ui/slice_renderer.h"

class QCheckBox;
class QLabel;
class QSlider;
class QComboBox;

namespace dinolens::ui {

class ViewerDocument;

class OverlayPanel : public QWidget {
    Q_OBJECT
public:
    OverlayPanel(ViewerDocument* document, QWidget* parent = nullptr);

    /// Which view's plane the slice area refers to.
    void setAreaAxis(ViewAxis axis);
    const OverlayAreas& areas() const { return m_areas; }
    QString areaText() const;

private:
    void updateFromDocument();
    void updateAreas();
    void applyStyle();

    ViewerDocument* m_document;
    ViewAxis m_areaAxis = ViewAxis::Axial;
    OverlayAreas m_areas;
    QCheckBox* m_visible;
    QComboBox* m_mode;
    QSlider* m_opacity;
    std::array<QCheckBox*, kOverlayClassCount> m_classes {};
    QLabel* m_source;
    QLabel* m_areaLabel;
};

} // namespace dinolens::ui
