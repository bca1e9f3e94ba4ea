#pragma once
// The VTK side of the 3D view: an off-screen render window (no VTK Qt module: Debian's is built for Qt 5) with
// the tumour surfaces, a semi-transparent skin and the volume's outline, rendered into a QImage on request.
// The camera turns about the scene's centre (azimuth/elevation in degrees) and dollies (zoom factor).
// Ownership: owns its VTK objects. Thread-safety: GUI thread only (VTK rendering is not thread-safe).

#include <QImage>
#include <QString>

#include <array>
#include <cstdint>
#include <memory>

#include "surface_extraction.h"

namespace dinolens::ui {

class SurfaceScene {
public:
    SurfaceScene();
    ~SurfaceScene();
    SurfaceScene(const SurfaceScene&) = delete;
    SurfaceScene& operator=(const SurfaceScene&) = delete;

    /// Whether off-screen OpenGL rendering works here. Checked once, on first call.
    bool isAvailable();
    /// Why it does not ("" when it does, or before the first isAvailable()).
    QString unavailableReason() const;
    /// Replaces the surfaces; `colors` are 0xAARRGGBB per class id. Keeps the camera unless `resetCamera`.
    void setMeshes(const SurfaceMeshes& meshes, const std::array<std::uint32_t, 4>& colors,
        const std::array<bool, 4>& visible, bool resetCamera);
    void setClassStyle(const std::array<std::uint32_t, 4>& colors, const std::array<bool, 4>& visible);
    void rotate(double azimuthDegrees, double elevationDegrees);
    void zoom(double factor);
    void resetCamera();
    /// Renders at `size` device pixels; a null image when rendering is unavailable.
    QImage render(QSize size);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace dinolens::ui
