#pragma once
// One slice view (axial, coronal or sagittal) of the shared ViewerDocument: paints the composed slice image and
// the annotations (orientation letters, corner text, crosshair, value under the cursor) and forwards input:
// wheel / Up / Down / PageUp / PageDown / Home / End scroll slices, Ctrl+wheel zooms to the cursor, F fits,
// left click or drag moves the linked crosshair, right-drag sets window/level, middle-drag pans.
// Ownership: does not own the document (it must outlive the view). Thread-safety: GUI thread only.

#include <QImage>
#include <QPoint>
#include <QWidget>

#include "dinolens/core/volume.h"
#include "dinolens/ui/slice_plane.h"
#include "dinolens/ui/view_transform.h"

namespace dinolens::ui {

class ViewerDocument;

class SliceView : public QWidget {
    Q_OBJECT
public:
    SliceView(ViewerDocument* document, ViewAxis axis, QWidget* parent = nullptr);

    ViewAxis axis() const { return m_axis; }
    const SlicePlane& plane() const { return m_plane; }
    int slice() const;
    /// The composed slice at image resolution (grey + overlay), before scaling to the widget.
    const QImage& sliceImage() const { return m_image; }
    const ViewTransform& transform() const { return m_transform; }
    /// The text shown for the voxel under the mouse ("" when the mouse is outside the image).
    QString pointerText() const { return m_pointerText; }
    void setSmoothScaling(bool smooth);
    /// In edit mode a left press/drag/release over the image emits editStroke instead of moving the crosshair
    /// (only in the view of the stored slices, where (i, j) are in-plane).
    void setEditing(bool editing);
    /// Shows the region another view shows (compare mode); emits nothing.
    void setZoomPan(double zoom, double panX, double panY);

    /// Widget position of the centre of plane pixel (x, y).
    QPointF widgetPosition(int x, int y) const;

    QSize sizeHint() const override { return { 320, 320 }; }
    QSize minimumSizeHint() const override { return { 120, 120 }; }

public Q_SLOTS:
    void fitToWindow();
    void scrollSlices(int delta);

Q_SIGNALS:
    void pointerTextChanged(const QString& text);
    void activated(dinolens::ui::ViewAxis axis);
    /// The user zoomed, panned or fitted.
    void zoomPanChanged();
    /// Edit mode: phase 0 press, 1 drag, 2 release, at voxel (i, j, k).
    void editStroke(int phase, int i, int j, int k);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    void onVolumeChanged();
    void rebuildImage();
    void moveCursorTo(QPointF widget);
    bool emitEdit(QPointF widget, int phase);
    void updatePointerText(QPointF widget);
    void paintAnnotations(QPainter& painter) const;
    void paintCrosshair(QPainter& painter) const;
    QString cornerText(Qt::Corner corner) const;

    ViewerDocument* m_document;
    ViewAxis m_axis;
    SlicePlane m_plane;
    ViewTransform m_transform;
    QImage m_image;
    std::array<std::string, 4> m_letters;
    int m_imageSlice = -1;
    QString m_pointerText;
    bool m_smooth = false;
    bool m_editing = false;
    bool m_editDrag = false;
    int m_wheelRemainder = 0; // eighths of a degree not yet turned into slices
    Qt::MouseButton m_dragButton = Qt::NoButton;
    QPoint m_dragStart;
    QPoint m_lastPosition;
    core::WindowLevel m_dragStartWindow;
};

} // namespace dinolens::ui
