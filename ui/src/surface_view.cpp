#include "dinolens/ui/surface_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

#include "dinolens/ui/viewer_document.h"
#include "surface_extraction.h"
#include "surface_scene.h"

namespace dinolens::ui {

SurfaceView::SurfaceView(ViewerDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_scene(std::make_unique<SurfaceScene>())
{
    setObjectName(QStringLiteral("surfaceView"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_rebuildTimer.setSingleShot(true);
    m_fullRenderTimer.setSingleShot(true);
    m_fullRenderTimer.setInterval(150);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &SurfaceView::rebuild);
    connect(&m_fullRenderTimer, &QTimer::timeout, this, [this] { renderNow(1.0); });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SurfaceView::onSurfacesReady);
    connect(document, &ViewerDocument::volumeChanged, this, [this] {
        m_newVolume = true;
        scheduleRebuild(0);
    });
    connect(document, &ViewerDocument::maskChanged, this, [this] { scheduleRebuild(300); });
    connect(document, &ViewerDocument::overlayStyleChanged, this, [this] {
        applyClassStyle();
        renderNow(1.0);
    });
}

SurfaceView::~SurfaceView()
{
    // The job owns copies of its inputs; cancelling lets it end early. Its result is dropped.
    m_cancel.cancel();
    m_watcher.disconnect(this);
}

bool SurfaceView::isAvailable()
{
    const bool available = m_scene->isAvailable();
    m_unavailable = m_scene->unavailableReason();
    return available;
}

QString SurfaceView::message() const
{
    if (!m_unavailable.isEmpty()) {
        return m_unavailable;
    }
    if (!m_document->hasVolume()) {
        return tr("Open a study to see it in 3D.");
    }
    return m_building ? tr("Building surfaces...") : QString();
}

void SurfaceView::scheduleRebuild(int delayMs)
{
    m_dirty = true;
    if (isVisible()) {
        m_rebuildTimer.start(delayMs);
    }
}

void SurfaceView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_dirty) {
        m_rebuildTimer.start(0);
    }
}

void SurfaceView::rebuild()
{
    if (!m_document->hasVolume() || !m_document->loaded().complete) {
        // Nothing to draw: OpenGL (and the driver it loads) waits for the first volume; a job still building the
        // previous volume's surfaces is dropped.
        m_cancel.cancel();
        m_dirty = false;
        m_hasVolume = false;
        update();
        return;
    }
    if (!isAvailable()) {
        update();
        return;
    }
    if (m_watcher.isRunning()) { // one job at a time; the newest state follows when it ends
        m_cancel.cancel();
        return;
    }
    m_dirty = false;
    m_building = true;
    m_cancel = core::CancelToken();
    const std::shared_ptr<const core::Volume> volume = m_document->loaded().volume;
    std::shared_ptr<const core::LabelMask> mask;
    if (const core::LabelMask* shown = m_document->mask()) {
        mask = std::make_shared<const core::LabelMask>(*shown);
    }
    const core::CancelToken cancel = m_cancel;
    m_watcher.setFuture(QtConcurrent::run([volume, mask, cancel] {
        return std::make_shared<const SurfaceMeshes>(extractSurfaces(volume, mask, cancel));
    }));
    update();
}

void SurfaceView::onSurfacesReady()
{
    m_building = false;
    if (m_dirty || m_cancel.isCancelled()) { // the document changed meanwhile: build again
        m_rebuildTimer.start(0);
        return;
    }
    const std::shared_ptr<const SurfaceMeshes> meshes = m_watcher.result();
    const OverlayStyle& style = m_document->overlayStyle();
    m_scene->setMeshes(*meshes, style.colors, style.classVisible, m_newVolume);
    applyClassStyle();
    m_newVolume = false;
    m_hasVolume = true;
    m_tumourTriangles = meshes->tumourTriangles;
    renderNow(1.0);
    Q_EMIT surfacesUpdated();
}

void SurfaceView::applyClassStyle()
{
    const OverlayStyle& style = m_document->overlayStyle();
    std::array<bool, 4> visible = style.classVisible;
    for (bool& on : visible) {
        on = on && style.visible;
    }
    m_scene->setClassStyle(style.colors, visible);
}

void SurfaceView::renderNow(double scale)
{
    if (!m_hasVolume || !isAvailable()) {
        update();
        return;
    }
    const QSize size = (QSizeF(this->size()) * devicePixelRatioF() * scale).toSize();
    m_image = m_scene->render(size);
    m_image.setDevicePixelRatio(devicePixelRatioF() * scale);
    update();
}

void SurfaceView::rotate(double azimuthDegrees, double elevationDegrees)
{
    m_scene->rotate(azimuthDegrees, elevationDegrees);
    renderNow(1.0);
}

void SurfaceView::zoom(double factor)
{
    m_scene->zoom(factor);
    renderNow(1.0);
}

void SurfaceView::resetCamera()
{
    m_scene->resetCamera();
    renderNow(1.0);
}

void SurfaceView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(20, 20, 26));
    if (m_hasVolume && !m_image.isNull()) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(rect(), m_image);
    }
    const QString text = message();
    if (!text.isEmpty()) {
        painter.setPen(Qt::white);
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, text);
    }
}

void SurfaceView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_hasVolume) {
        renderNow(0.5);
        m_fullRenderTimer.start();
    }
}

void SurfaceView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = true;
        m_lastPosition = event->position().toPoint();
    }
}

void SurfaceView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging) {
        return;
    }
    const QPoint delta = event->position().toPoint() - m_lastPosition;
    m_lastPosition = event->position().toPoint();
    // A drag across the whole view turns the scene half a turn.
    m_scene->rotate(-180.0 * delta.x() / std::max(1, width()), 180.0 * delta.y() / std::max(1, height()));
    renderNow(0.5);
    m_fullRenderTimer.start();
}

void SurfaceView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        m_fullRenderTimer.stop();
        renderNow(1.0);
    }
}

void SurfaceView::mouseDoubleClickEvent(QMouseEvent*)
{
    resetCamera();
}

void SurfaceView::wheelEvent(QWheelEvent* event)
{
    // One wheel notch (120 eighths of a degree) zooms by 10 %.
    m_scene->zoom(std::pow(1.1, event->angleDelta().y() / 120.0));
    renderNow(0.5);
    m_fullRenderTimer.start();
    event->accept();
}

void SurfaceView::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_R) {
        resetCamera();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace dinolens::ui
