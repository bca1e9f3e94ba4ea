#include "dinolens/ui/view_transform.h"

#include <algorithm>

namespace dinolens::ui {

void ViewTransform::setImage(int width, int height, std::array<double, 2> spacingMm)
{
    m_width = std::max(width, 1);
    m_height = std::max(height, 1);
    m_spacing = { spacingMm[0] > 0 ? spacingMm[0] : 1.0, spacingMm[1] > 0 ? spacingMm[1] : 1.0 };
}

void ViewTransform::setViewport(double width, double height)
{
    m_viewWidth = std::max(width, 1.0);
    m_viewHeight = std::max(height, 1.0);
}

void ViewTransform::fit()
{
    m_zoom = 1.0;
    m_panX = 0.0;
    m_panY = 0.0;
}

double ViewTransform::screenPerMm() const
{
    const double fitScale = std::min(m_viewWidth / (m_width * m_spacing[0]), m_viewHeight / (m_height * m_spacing[1]));
    return fitScale * m_zoom;
}

std::array<double, 2> ViewTransform::pixelScale() const
{
    return { screenPerMm() * m_spacing[0], screenPerMm() * m_spacing[1] };
}

ViewPoint ViewTransform::imageToWidget(ViewPoint image) const
{
    const auto scale = pixelScale();
    return { m_viewWidth / 2 + m_panX + (image.x - m_width / 2.0) * scale[0],
        m_viewHeight / 2 + m_panY + (image.y - m_height / 2.0) * scale[1] };
}

ViewPoint ViewTransform::widgetToImage(ViewPoint widget) const
{
    const auto scale = pixelScale();
    return { (widget.x - m_viewWidth / 2 - m_panX) / scale[0] + m_width / 2.0,
        (widget.y - m_viewHeight / 2 - m_panY) / scale[1] + m_height / 2.0 };
}

void ViewTransform::zoomAt(double factor, ViewPoint anchor)
{
    const ViewPoint before = widgetToImage(anchor);
    m_zoom = std::clamp(m_zoom * factor, kMinZoom, kMaxZoom);
    const ViewPoint after = imageToWidget(before);
    m_panX += anchor.x - after.x;
    m_panY += anchor.y - after.y;
}

void ViewTransform::panBy(double dx, double dy)
{
    m_panX += dx;
    m_panY += dy;
}

std::array<double, 4> ViewTransform::imageRect() const
{
    const ViewPoint topLeft = imageToWidget({ 0.0, 0.0 });
    const auto scale = pixelScale();
    return { topLeft.x, topLeft.y, m_width * scale[0], m_height * scale[1] };
}

void ViewTransform::setZoomPan(double zoom, double panX, double panY)
{
    m_zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    m_panX = panX;
    m_panY = panY;
}

} // namespace dinolens::ui
