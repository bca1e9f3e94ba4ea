#include "dinolens/ui/surface_dock.h"

#include <QMainWindow>

#include "dinolens/ui/surface_view.h"

namespace dinolens::ui {

SurfaceDock::SurfaceDock(ViewerDocument* document, QMainWindow* window)
    : PanelDock(tr("3D"), QStringLiteral("surfaceDock"), window)
    , m_view(new SurfaceView(document, window))
{
    setContent(m_view, false);
}

void SurfaceDock::showView()
{
    bringToFront();
    m_view->setFocus();
}

} // namespace dinolens::ui
