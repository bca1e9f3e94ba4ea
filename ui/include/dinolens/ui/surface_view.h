#pragma once
// The 3D view: the tumour surfaces of the shown mask (one colour per class, as in the overlay) inside a
// semi-transparent skin surface and the volume's outline, in patient space (LPS mm, looking at the face).
// Left-drag rotates, the wheel zooms, R or double-click resets the camera. VTK renders off-screen into an image
// that this widget paints (Debian's VTK Qt module is Qt 5 only); surfaces are built off the GUI thread when the
// volume or mask changes (mask changes are gathered for 300 ms, so streaming predictions do not queue jobs),
// and only while the view is visible. Renders during a drag use half the resolution to stay responsive.
// Without OpenGL (no display) the view shows a message saying so and does nothing else.
// Ownership: does not own the document (it must outlive the view). Thread-safety: GUI thread only.

#include <QFutureWatcher>
#include <QImage>
#include <QPoint>
#include <QTimer>
#include <QWidget>

#include <memory>

#include "dinolens/core/progress.h"

namespace dinolens::ui {

class ViewerDocument;
class SurfaceScene;
struct SurfaceMeshes;

class SurfaceView : public QWidget {
    Q_OBJECT
public:
    explicit SurfaceView(ViewerDocument* document, QWidget* parent = nullptr);
    ~SurfaceView() override;

    /// False when off-screen OpenGL is unavailable; message() then says why.
    bool isAvailable();
    /// The text shown instead of (or over) the picture: no OpenGL, no image, building surfaces; "" otherwise.
    QString message() const;
    bool isBuilding() const { return m_building; }
    /// The last rendered picture (device pixels).
    const QImage& image() const { return m_image; }
    /// Triangles of the tumour surfaces now shown (0 without a mask).
    int tumourTriangles() const { return m_tumourTriangles; }
    void rotate(double azimuthDegrees, double elevationDegrees);
    void zoom(double factor);
    void resetCamera();
    QSize sizeHint() const override { return { 400, 400 }; }
    QSize minimumSizeHint() const override { return { 160, 160 }; }

Q_SIGNALS:
    /// New surfaces are shown (after a volume or mask change).
    void surfacesUpdated();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void scheduleRebuild(int delayMs);
    void rebuild();
    void onSurfacesReady();
    void applyClassStyle();
    void renderNow(double scale);

    ViewerDocument* m_document;
    std::unique_ptr<SurfaceScene> m_scene;
    QFutureWatcher<std::shared_ptr<const SurfaceMeshes>> m_watcher;
    core::CancelToken m_cancel;
    QTimer m_rebuildTimer;
    QTimer m_fullRenderTimer;
    QImage m_image;
    QString m_unavailable;
    bool m_dirty = true;
    bool m_building = false;
    bool m_newVolume = true;
    bool m_hasVolume = false;
    int m_tumourTriangles = 0;
    QPoint m_lastPosition;
    bool m_dragging = false;
};

} // namespace dinolens::ui
