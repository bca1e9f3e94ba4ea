#pragma once
// The 3D dock: tumour and skin surfaces of the current volume (surface_view.h). Ownership: children of the main
// window. Thread-safety: GUI thread.

#include "dinolens/ui/panel_dock.h"

namespace dinolens::ui {

class SurfaceView;
class ViewerDocument;

class SurfaceDock : public PanelDock {
    Q_OBJECT
public:
    SurfaceDock(ViewerDocument* document, QMainWindow* window);

    SurfaceView* view() const { return m_view; }
    /// Brings the 3D view to the front and gives it the keyboard.
    void showView();

private:
    SurfaceView* m_view;
};

} // namespace dinolens::ui
