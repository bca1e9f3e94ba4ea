#pragma once
// Surfaces for the 3D view, off the GUI thread: one tumour surface per class of the label mask (flying edges at
// 0.5 on the class's binary volume, then windowed-sinc smoothing) and a skin isosurface of the image (on a
// volume shrunk to at most ~128 voxels a side, at a threshold between background and tissue). Points are in
// voxel-index millimetres (index * spacing); `toPatient` maps them to LPS mm (direction and origin).
// Ownership: the meshes are new VTK objects owned by the result alone, so they can be handed to the GUI thread.
// Thread-safety: extractSurfaces is reentrant; it polls `cancel` between classes. Private to ui.

#include <array>
#include <memory>

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/volume.h"

namespace dinolens::ui {

struct SurfaceMeshes {
    std::array<vtkSmartPointer<vtkPolyData>, 4> tumours; // index = class id; [0] unused; null when absent
    vtkSmartPointer<vtkPolyData> skin; // null without a volume
    std::array<double, 6> bounds { 0, 0, 0, 0, 0, 0 }; // xmin, xmax, ymin, ymax, zmin, zmax (index mm)
    std::array<double, 16> toPatient { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }; // row-major 4x4
    int tumourTriangles = 0;
};

/// `mask` may be null (skin only); it must have the volume's dims otherwise.
SurfaceMeshes extractSurfaces(const std::shared_ptr<const core::Volume>& volume,
    const std::shared_ptr<const core::LabelMask>& mask, const core::CancelToken& cancel);

} // namespace dinolens::ui
