#pragma once
// Mapping between a slice image and the widget that shows it, toolkit-free: fit, zoom about a point, pan.
// Image coordinates are continuous pixels (pixel x covers [x, x+1), its centre is x + 0.5); widget coordinates
// are device-independent pixels. Pixel spacing (mm) sets the aspect: one millimetre has the same on-screen size
// along x and y. Ownership: plain value. Thread-safety: none needed (used on the GUI thread).

#include <array>

namespace dinolens::ui {

struct ViewPoint {
    double x = 0.0;
    double y = 0.0;
};

class ViewTransform {
public:
    void setImage(int width, int height, std::array<double, 2> spacingMm);
    void setViewport(double width, double height);

    /// Back to the whole image centred in the viewport (zoom 1 = fit).
    void fit();
    /// Multiplies the zoom by `factor` keeping the image point under `anchor` (widget coordinates) in place.
    void zoomAt(double factor, ViewPoint anchor);
    void panBy(double dx, double dy);

    double zoom() const { return m_zoom; }
    /// Pan offset in widget pixels; with zoom, what linked views copy to show the same region.
    double panX() const { return m_panX; }
    double panY() const { return m_panY; }
    /// Sets zoom (clamped to [kMinZoom, kMaxZoom]) and pan as another view has them.
    void setZoomPan(double zoom, double panX, double panY);
    /// Screen pixels per image pixel along x and y.
    std::array<double, 2> pixelScale() const;

    ViewPoint imageToWidget(ViewPoint image) const;
    ViewPoint widgetToImage(ViewPoint widget) const;
    /// The image's rectangle in widget coordinates: left, top, width, height.
    std::array<double, 4> imageRect() const;

    static constexpr double kMinZoom = 0.1;
    static constexpr double kMaxZoom = 40.0;

private:
    double screenPerMm() const;

    int m_width = 0;
    int m_height = 0;
    std::array<double, 2> m_spacing { 1.0, 1.0 };
    double m_viewWidth = 1.0;
    double m_viewHeight = 1.0;
    double m_zoom = 1.0;
    double m_panX = 0.0;
    double m_panY = 0.0;
};

} // namespace dinolens::ui
