#include "dinolens/ui/slice_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>
#include <cstring>

#include "dinolens/ui/slice_renderer.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {

SliceView::SliceView(ViewerDocument* document, ViewAxis axis, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_axis(axis)
{
    setObjectName(QStringLiteral("sliceView%1").arg(QString::fromUtf8(viewAxisName(axis))));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(document, &ViewerDocument::volumeChanged, this, &SliceView::onVolumeChanged);
    connect(document, &ViewerDocument::cursorChanged, this, [this] {
        if (slice() != m_imageSlice) {
            rebuildImage();
        }
        update();
    });
    connect(document, &ViewerDocument::windowChanged, this, &SliceView::rebuildImage);
    connect(document, &ViewerDocument::maskChanged, this, &SliceView::rebuildImage);
    connect(document, &ViewerDocument::overlayStyleChanged, this, &SliceView::rebuildImage);
}

int SliceView::slice() const
{
    return m_document->cursor()[static_cast<std::size_t>(m_plane.sliceAxis)];
}

void SliceView::setSmoothScaling(bool smooth)
{
    m_smooth = smooth;
    update();
}

void SliceView::onVolumeChanged()
{
    if (!m_document->hasVolume()) {
        m_image = {};
        update();
        return;
    }
    const core::Volume& volume = *m_document->volume();
    m_plane = slicePlane(volume, m_axis);
    m_letters = edgeLetters(volume, m_plane);
    m_transform.setImage(m_plane.width(), m_plane.height(), planeSpacing(volume, m_plane));
    m_transform.setViewport(width(), height());
    m_transform.fit();
    rebuildImage();
}

void SliceView::rebuildImage()
{
    if (!m_document->hasVolume()) {
        return;
    }
    const core::Volume& volume = *m_document->volume();
    m_imageSlice = slice();
    const auto values = resliceValues(volume, m_plane, m_imageSlice);
    auto pixels = greyPixels(values, m_document->window(), volume.monochrome1);
    if (const core::LabelMask* mask = m_document->mask()) {
        const auto labels = resliceLabels(*mask, m_plane, m_imageSlice);
        blendOverlay(pixels, labels, m_plane.width(), m_document->overlayStyle());
    }
    QImage image(m_plane.width(), m_plane.height(), QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        std::memcpy(image.scanLine(y),
            pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width()),
            static_cast<std::size_t>(image.width()) * sizeof(std::uint32_t));
    }
    m_image = std::move(image);
    update();
}

QPointF SliceView::widgetPosition(int x, int y) const
{
    const ViewPoint p = m_transform.imageToWidget({ x + 0.5, y + 0.5 });
    return { p.x, p.y };
}

void SliceView::fitToWindow()
{
    m_transform.fit();
    update();
    Q_EMIT zoomPanChanged();
}

void SliceView::setZoomPan(double zoom, double panX, double panY)
{
    m_transform.setZoomPan(zoom, panX, panY);
    update();
}

void SliceView::scrollSlices(int delta)
{
    if (!m_document->hasVolume()) {
        return;
    }
    auto cursor = m_document->cursor();
    cursor[static_cast<std::size_t>(m_plane.sliceAxis)] += delta;
    m_document->setCursor(cursor);
}

void SliceView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (m_image.isNull()) {
        painter.setPen(QColor(150, 150, 150));
        painter.drawText(rect(), Qt::AlignCenter,
            tr("%1\nOpen a study (Ctrl+O) or drop files here").arg(QString::fromUtf8(viewAxisName(m_axis))));
        return;
    }
    const auto r = m_transform.imageRect();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_smooth);
    painter.drawImage(QRectF(r[0], r[1], r[2], r[3]), m_image);
    paintCrosshair(painter);
    paintAnnotations(painter);
}

void SliceView::paintCrosshair(QPainter& painter) const
{
    const auto cursor = m_document->cursor();
    const auto pixel = m_plane.pixelOf(
        { static_cast<double>(cursor[0]), static_cast<double>(cursor[1]), static_cast<double>(cursor[2]) });
    const ViewPoint centre = m_transform.imageToWidget({ pixel[0] + 0.5, pixel[1] + 0.5 });
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(QColor(255, 200, 0, 160), 1, Qt::DashLine));
    painter.drawLine(QPointF(centre.x, 0), QPointF(centre.x, height()));
    painter.drawLine(QPointF(0, centre.y), QPointF(width(), centre.y));
}

QString SliceView::cornerText(Qt::Corner corner) const
{
    const LoadedVolume& loaded = m_document->loaded();
    const auto& window = m_document->window();
    switch (corner) {
    case Qt::TopLeftCorner:
        return loaded.patient + QLatin1Char('\n') + loaded.series;
    case Qt::TopRightCorner: {
        const QString text = tr("%1  %2 / %3\nZoom %4%")
                                 .arg(QString::fromUtf8(viewAxisName(m_axis)))
                                 .arg(slice() + 1)
                                 .arg(m_plane.sliceCount())
                                 .arg(std::lround(m_transform.zoom() * 100));
        return loaded.complete ? text
                               : text + QLatin1Char('\n') + tr("loading %1 slices...").arg(loaded.expectedSlices);
    }
    case Qt::BottomLeftCorner:
        return tr("W %1  L %2  (%3)")
            .arg(window.width, 0, 'f', 0)
            .arg(window.center, 0, 'f', 0)
            .arg(QString::fromStdString(window.name));
    case Qt::BottomRightCorner:
        return {};
    }
    return {};
}

namespace {

QString elided(const QPainter& painter, const QString& text, int width)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString& line : lines) {
        line = painter.fontMetrics().elidedText(line, Qt::ElideRight, width);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

void SliceView::paintAnnotations(QPainter& painter) const
{
    painter.setPen(QColor(255, 255, 160));
    QFont font = painter.font();
    if (width() < 260 || height() < 260) {
        font.setPointSizeF(font.pointSizeF() * 0.8); // small views keep more of their annotations
    }
    font.setBold(true);
    painter.setFont(font);
    const QRect area = rect().adjusted(4, 2, -4, -2);
    painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter, QString::fromStdString(m_letters[0]));
    painter.drawText(area, Qt::AlignRight | Qt::AlignVCenter, QString::fromStdString(m_letters[1]));
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop, QString::fromStdString(m_letters[2]));
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignBottom, QString::fromStdString(m_letters[3]));
    font.setBold(false);
    painter.setFont(font);
    painter.setPen(QColor(220, 220, 220));
    // Each corner gets a little under half the width, leaving the middle of each edge to its letter.
    const int half = width() / 2 - 6 - painter.fontMetrics().horizontalAdvance(QStringLiteral("MM")) / 2;
    const QRect left(6, 4, half, height() - 8);
    const QRect right(width() - 6 - half, 4, half, height() - 8);
    painter.drawText(left, Qt::AlignLeft | Qt::AlignTop, elided(painter, cornerText(Qt::TopLeftCorner), half));
    painter.drawText(right, Qt::AlignRight | Qt::AlignTop, elided(painter, cornerText(Qt::TopRightCorner), half));
    const QString bottomLeft = m_pointerText.isEmpty()
        ? cornerText(Qt::BottomLeftCorner)
        : m_pointerText + QLatin1Char('\n') + cornerText(Qt::BottomLeftCorner);
    painter.drawText(left, Qt::AlignLeft | Qt::AlignBottom, elided(painter, bottomLeft, half));
}

void SliceView::resizeEvent(QResizeEvent*)
{
    m_transform.setViewport(width(), height());
}

void SliceView::wheelEvent(QWheelEvent* event)
{
    // Touchpads send fractions of a notch; keep the remainder so slow scrolling still moves.
    m_wheelRemainder += event->angleDelta().y();
    const int steps = m_wheelRemainder / 120;
    m_wheelRemainder -= steps * 120;
    if (event->modifiers() & Qt::ControlModifier) {
        m_wheelRemainder = 0;
        m_transform.zoomAt(
            std::pow(1.2, event->angleDelta().y() / 120.0), { event->position().x(), event->position().y() });
        update();
        Q_EMIT zoomPanChanged();
    } else if (steps != 0) {
        scrollSlices(steps);
    }
    event->accept();
}

void SliceView::keyPressEvent(QKeyEvent* event)
{
    const int page = std::max(1, m_plane.sliceCount() / 10);
    switch (event->key()) {
    case Qt::Key_Up:
        scrollSlices(1);
        break;
    case Qt::Key_Down:
        scrollSlices(-1);
        break;
    case Qt::Key_PageUp:
        scrollSlices(page);
        break;
    case Qt::Key_PageDown:
        scrollSlices(-page);
        break;
    case Qt::Key_Home:
        scrollSlices(-m_plane.sliceCount());
        break;
    case Qt::Key_End:
        scrollSlices(m_plane.sliceCount());
        break;
    case Qt::Key_F:
        fitToWindow();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void SliceView::moveCursorTo(QPointF widget)
{
    const ViewPoint image = m_transform.widgetToImage({ widget.x(), widget.y() });
    const auto voxel = m_plane.voxelAt(std::floor(image.x), std::floor(image.y), slice());
    m_document->setCursor({ static_cast<int>(voxel[0]), static_cast<int>(voxel[1]), static_cast<int>(voxel[2]) });
}

void SliceView::setEditing(bool editing)
{
    m_editing = editing;
    setCursor(editing ? Qt::CrossCursor : Qt::ArrowCursor);
}

bool SliceView::emitEdit(QPointF widget, int phase)
{
    if (!m_document->hasVolume() || m_plane.sliceAxis != 2) {
        return false;
    }
    const ViewPoint image = m_transform.widgetToImage({ widget.x(), widget.y() });
    const auto voxel = m_plane.voxelAt(std::floor(image.x), std::floor(image.y), slice());
    Q_EMIT editStroke(phase, static_cast<int>(voxel[0]), static_cast<int>(voxel[1]), static_cast<int>(voxel[2]));
    return true;
}

void SliceView::mousePressEvent(QMouseEvent* event)
{
    Q_EMIT activated(m_axis);
    if (m_editing && event->button() == Qt::LeftButton) {
        m_editDrag = emitEdit(event->position(), 0);
        if (m_editDrag) {
            event->accept();
            return;
        }
    }
    m_dragButton = event->button();
    m_dragStart = event->position().toPoint();
    m_lastPosition = m_dragStart;
    m_dragStartWindow = m_document->window();
    if (m_dragButton == Qt::LeftButton && m_document->hasVolume()) {
        moveCursorTo(event->position());
    }
    event->accept();
}

void SliceView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint position = event->position().toPoint();
    if (m_editDrag) {
        emitEdit(event->position(), 1);
    } else if (m_dragButton == Qt::LeftButton && m_document->hasVolume()) {
        moveCursorTo(event->position());
    } else if (m_dragButton == Qt::RightButton && m_document->hasVolume()) {
        const LoadedVolume& loaded = m_document->loaded();
        const QPoint delta = position - m_dragStart;
        m_document->setWindow(dragWindow(m_dragStartWindow, delta.x(), delta.y(), loaded.maxValue - loaded.minValue));
    } else if (m_dragButton == Qt::MiddleButton) {
        const QPoint delta = position - m_lastPosition;
        m_transform.panBy(delta.x(), delta.y());
        update();
        Q_EMIT zoomPanChanged();
    }
    m_lastPosition = position;
    updatePointerText(event->position());
}

void SliceView::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_editDrag && event->button() == Qt::LeftButton) {
        m_editDrag = false;
        emitEdit(event->position(), 2);
    }
    if (event->button() == m_dragButton) {
        m_dragButton = Qt::NoButton;
    }
    event->accept();
}

void SliceView::leaveEvent(QEvent*)
{
    m_pointerText.clear();
    Q_EMIT pointerTextChanged(m_pointerText);
    update();
}

void SliceView::updatePointerText(QPointF widget)
{
    QString text;
    const ViewPoint image = m_transform.widgetToImage({ widget.x(), widget.y() });
    const int x = static_cast<int>(std::floor(image.x));
    const int y = static_cast<int>(std::floor(image.y));
    if (m_document->hasVolume() && x >= 0 && y >= 0 && x < m_plane.width() && y < m_plane.height()) {
        const core::Volume& volume = *m_document->volume();
        const auto v = m_plane.voxelOf(x, y, slice());
        const std::size_t index = static_cast<std::size_t>(v[0])
            + static_cast<std::size_t>(volume.dims[0])
                * (static_cast<std::size_t>(v[1])
                    + static_cast<std::size_t>(volume.dims[1]) * static_cast<std::size_t>(v[2]));
        const auto lps = volume.voxelToLps(v[0], v[1], v[2]);
        text = tr("[%1, %2, %3] = %4   LPS (%5, %6, %7) mm")
                   .arg(v[0])
                   .arg(v[1])
                   .arg(v[2])
                   .arg(volume.value(index), 0, 'g', 5)
                   .arg(lps[0], 0, 'f', 1)
                   .arg(lps[1], 0, 'f', 1)
                   .arg(lps[2], 0, 'f', 1);
    }
    if (text != m_pointerText) {
        m_pointerText = text;
        Q_EMIT pointerTextChanged(text);
        update();
    }
}

} // namespace dinolens::ui
