#include "surface_scene.h"

#include <QCoreApplication>
#include <QtGlobal>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkMatrix4x4.h>
#include <vtkObject.h>
#include <vtkOutlineSource.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkUnsignedCharArray.h>

namespace dinolens::ui {
namespace {

void setColor(vtkActor* actor, std::uint32_t argb)
{
    actor->GetProperty()->SetColor(((argb >> 16) & 0xff) / 255.0, ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0);
}

vtkSmartPointer<vtkActor> makeActor(vtkPolyData* mesh, vtkMatrix4x4* toPatient)
{
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(mesh);
    mapper->ScalarVisibilityOff();
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->SetUserMatrix(toPatient);
    return actor;
}

} // namespace

struct SurfaceScene::Private {
    vtkSmartPointer<vtkRenderWindow> window;
    vtkSmartPointer<vtkRenderer> renderer;
    std::array<vtkSmartPointer<vtkActor>, 4> tumours;
    int checked = -1; // -1 unknown, 0 unavailable, 1 available
    QString reason;
};

SurfaceScene::SurfaceScene()
    : d(std::make_unique<Private>())
{
}

SurfaceScene::~SurfaceScene()
{
    if (d->window) {
        d->window->Finalize();
    }
}

QString SurfaceScene::unavailableReason() const
{
    return d->reason;
}

bool SurfaceScene::isAvailable()
{
    if (d->checked < 0) {
        d->checked = 0;
        if (qEnvironmentVariableIsEmpty("DISPLAY")) {
            d->reason = QCoreApplication::translate("SurfaceScene",
                "The 3D view needs OpenGL, and there is no display to create it on "
                "(start the viewer in a desktop session, or under xvfb-run).");
        } else {
            vtkObject::GlobalWarningDisplayOff(); // VTK would print to stderr; the view says what is wrong
            d->window = vtkSmartPointer<vtkRenderWindow>::New();
            d->window->SetOffScreenRendering(1);
            d->window->SetMultiSamples(0);
            if (d->window->SupportsOpenGL() == 0) {
                d->reason = QCoreApplication::translate(
                    "SurfaceScene", "The 3D view needs OpenGL 3.2, which this display does not offer.");
                d->window = nullptr;
            } else {
                d->renderer = vtkSmartPointer<vtkRenderer>::New();
                d->renderer->SetBackground(0.08, 0.08, 0.1);
                d->window->AddRenderer(d->renderer);
                d->checked = 1;
            }
        }
    }
    return d->checked == 1;
}

void SurfaceScene::setMeshes(const SurfaceMeshes& meshes, const std::array<std::uint32_t, 4>& colors,
    const std::array<bool, 4>& visible, bool resetCamera)
{
    if (!isAvailable()) {
        return;
    }
    d->renderer->RemoveAllViewProps();
    d->tumours = {};
    auto toPatient = vtkSmartPointer<vtkMatrix4x4>::New();
    toPatient->DeepCopy(meshes.toPatient.data());
    for (std::size_t c = 1; c < meshes.tumours.size(); ++c) {
        if (meshes.tumours[c]) {
            d->tumours[c] = makeActor(meshes.tumours[c], toPatient);
            d->tumours[c]->GetProperty()->SetSpecular(0.3);
            d->renderer->AddActor(d->tumours[c]);
        }
    }
    setClassStyle(colors, visible);
    if (meshes.skin) {
        auto skin = makeActor(meshes.skin, toPatient);
        skin->GetProperty()->SetColor(0.93, 0.82, 0.72);
        skin->GetProperty()->SetOpacity(0.25);
        skin->GetProperty()->BackfaceCullingOn();
        d->renderer->AddActor(skin);
    }
    auto outline = vtkSmartPointer<vtkOutlineSource>::New();
    outline->SetBounds(meshes.bounds.data());
    outline->Update();
    auto box = makeActor(outline->GetOutput(), toPatient);
    box->GetProperty()->SetColor(0.7, 0.7, 0.75);
    d->renderer->AddActor(box);
    if (resetCamera) {
        this->resetCamera();
    }
}

void SurfaceScene::setClassStyle(const std::array<std::uint32_t, 4>& colors, const std::array<bool, 4>& visible)
{
    for (std::size_t c = 1; c < d->tumours.size(); ++c) {
        if (d->tumours[c]) {
            setColor(d->tumours[c], colors[c]);
            d->tumours[c]->SetVisibility(visible[c] ? 1 : 0);
        }
    }
}

void SurfaceScene::resetCamera()
{
    if (!d->renderer) {
        return;
    }
    // Radiological convention: looking at the patient's face (from anterior, LPS -y), head up (+z superior).
    vtkCamera* camera = d->renderer->GetActiveCamera();
    camera->SetFocalPoint(0.0, 0.0, 0.0);
    camera->SetPosition(0.0, -1.0, 0.0);
    camera->SetViewUp(0.0, 0.0, 1.0);
    d->renderer->ResetCamera();
}

void SurfaceScene::rotate(double azimuthDegrees, double elevationDegrees)
{
    if (!d->renderer) {
        return;
    }
    vtkCamera* camera = d->renderer->GetActiveCamera();
    camera->Azimuth(azimuthDegrees);
    camera->Elevation(elevationDegrees);
    camera->OrthogonalizeViewUp();
    d->renderer->ResetCameraClippingRange();
}

void SurfaceScene::zoom(double factor)
{
    if (d->renderer) {
        d->renderer->GetActiveCamera()->Dolly(factor);
        d->renderer->ResetCameraClippingRange();
    }
}

QImage SurfaceScene::render(QSize size)
{
    if (!isAvailable() || size.isEmpty()) {
        return {};
    }
    d->window->SetSize(size.width(), size.height());
    d->window->Render();
    auto pixels = vtkSmartPointer<vtkUnsignedCharArray>::New();
    d->window->GetRGBACharPixelData(0, 0, size.width() - 1, size.height() - 1, 0, pixels);
    if (pixels->GetNumberOfValues() != static_cast<vtkIdType>(size.width()) * size.height() * 4) {
        return {};
    }
    QImage image(pixels->GetPointer(0), size.width(), size.height(), size.width() * 4, QImage::Format_RGBA8888);
    return image.mirrored().convertToFormat(QImage::Format_RGB32); // OpenGL rows run bottom-up; deep copy
}

} // namespace dinolens::ui
