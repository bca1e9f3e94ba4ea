#include "surface_extraction.h"

#include <algorithm>
#include <cmath>

#include <vtkFloatArray.h>
#include <vtkFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkImageShrink3D.h>
#include <vtkPointData.h>
#include <vtkPolyDataNormals.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

namespace dinolens::ui {
namespace {

vtkSmartPointer<vtkImageData> makeImage(const std::array<int, 3>& dims, const core::Vec3& spacing)
{
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(dims[0], dims[1], dims[2]);
    image->SetSpacing(spacing[0], spacing[1], spacing[2]);
    image->SetOrigin(0.0, 0.0, 0.0);
    return image;
}

vtkSmartPointer<vtkPolyData> isosurface(vtkImageData* image, double value, bool smooth)
{
    auto surface = vtkSmartPointer<vtkFlyingEdges3D>::New();
    surface->SetInputData(image);
    surface->SetValue(0, value);
    surface->ComputeNormalsOff();
    surface->ComputeGradientsOff();
    surface->ComputeScalarsOff();
    vtkAlgorithm* last = surface;
    auto smoother = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    if (smooth) {
        smoother->SetInputConnection(surface->GetOutputPort());
        smoother->SetNumberOfIterations(12);
        smoother->SetPassBand(0.1);
        smoother->NormalizeCoordinatesOn();
        last = smoother;
    }
    auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
    normals->SetInputConnection(last->GetOutputPort());
    normals->SplittingOff();
    normals->Update();
    vtkSmartPointer<vtkPolyData> output = normals->GetOutput();
    return output->GetNumberOfPoints() > 0 ? output : nullptr;
}

vtkSmartPointer<vtkPolyData> tumourSurface(const core::LabelMask& mask, std::uint8_t classId, const core::Vec3& spacing)
{
    if (std::find(mask.labels.begin(), mask.labels.end(), classId) == mask.labels.end()) {
        return nullptr;
    }
    // A one-voxel empty border closes surfaces that touch the volume's edge.
    const std::array<int, 3> dims { mask.dims[0] + 2, mask.dims[1] + 2, mask.dims[2] + 2 };
    auto image = makeImage(dims, spacing);
    image->SetOrigin(-spacing[0], -spacing[1], -spacing[2]);
    auto values = vtkSmartPointer<vtkUnsignedCharArray>::New();
    values->SetNumberOfValues(static_cast<vtkIdType>(dims[0]) * dims[1] * dims[2]);
    values->FillValue(0);
    for (int k = 0; k < mask.dims[2]; ++k) {
        for (int j = 0; j < mask.dims[1]; ++j) {
            for (int i = 0; i < mask.dims[0]; ++i) {
                if (mask.at(i, j, k) == classId) {
                    values->SetValue(
                        i + 1 + static_cast<vtkIdType>(dims[0]) * (j + 1 + static_cast<vtkIdType>(dims[1]) * (k + 1)),
                        1);
                }
            }
        }
    }
    image->GetPointData()->SetScalars(values);
    return isosurface(image, 0.5, true);
}

vtkSmartPointer<vtkPolyData> skinSurface(const core::Volume& volume)
{
    auto image = makeImage(volume.dims, volume.spacing);
    auto values = vtkSmartPointer<vtkFloatArray>::New();
    const auto count = static_cast<vtkIdType>(volume.voxelCount());
    values->SetNumberOfValues(count);
    double sum = 0.0;
    for (vtkIdType n = 0; n < count; ++n) {
        const double value = volume.value(static_cast<std::size_t>(n));
        values->SetValue(n, static_cast<float>(value));
        sum += value;
    }
    image->GetPointData()->SetScalars(values);
    // The mean lies between the dark background and tissue in a head scan: a robust skin threshold.
    const double threshold = count > 0 ? sum / static_cast<double>(count) : 0.0;
    const int factor = std::max(1, *std::max_element(volume.dims.begin(), volume.dims.end()) / 128);
    if (factor == 1) {
        return isosurface(image, threshold, false);
    }
    auto shrink = vtkSmartPointer<vtkImageShrink3D>::New();
    shrink->SetInputData(image);
    shrink->SetShrinkFactors(factor, factor, std::max(1, volume.dims[2] / 128));
    shrink->AveragingOn();
    shrink->Update();
    return isosurface(shrink->GetOutput(), threshold, false);
}

} // namespace

SurfaceMeshes extractSurfaces(const std::shared_ptr<const core::Volume>& volume,
    const std::shared_ptr<const core::LabelMask>& mask, const core::CancelToken& cancel)
{
    SurfaceMeshes meshes;
    if (!volume || volume->empty()) {
        return meshes;
    }
    const auto& s = volume->spacing;
    meshes.bounds = { -0.5 * s[0], (volume->dims[0] - 0.5) * s[0], -0.5 * s[1], (volume->dims[1] - 0.5) * s[1],
        -0.5 * s[2], (volume->dims[2] - 0.5) * s[2] };
    const core::Mat3& d = volume->direction;
    meshes.toPatient = { d[0], d[1], d[2], volume->origin[0], d[3], d[4], d[5], volume->origin[1], d[6], d[7], d[8],
        volume->origin[2], 0.0, 0.0, 0.0, 1.0 };
    if (mask && mask->isValid() && mask->dims == volume->dims) {
        for (std::uint8_t classId = 1; classId < meshes.tumours.size() && !cancel.isCancelled(); ++classId) {
            meshes.tumours[classId] = tumourSurface(*mask, classId, volume->spacing);
            if (meshes.tumours[classId]) {
                meshes.tumourTriangles += static_cast<int>(meshes.tumours[classId]->GetNumberOfPolys());
            }
        }
    }
    if (!cancel.isCancelled()) {
        meshes.skin = skinSurface(*volume);
    }
    return meshes;
}

} // namespace dinolens::ui
