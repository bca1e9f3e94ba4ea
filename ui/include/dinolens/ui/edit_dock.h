#pragma once
// The Edit dock: the mask editor (brush, eraser, polygon, undo/redo, save) driven by strokes on the slice views.
// Ownership: children of the main window. Thread-safety: GUI thread.

#include "dinolens/ui/panel_dock.h"

namespace dinolens::ui {

class EditPanel;
class MainWindow;
class MaskEditController;

class EditDock : public PanelDock {
    Q_OBJECT
public:
    explicit EditDock(MainWindow* window);

    MaskEditController* controller() const { return m_controller; }
    EditPanel* panel() const { return m_panel; }

private:
    MaskEditController* m_controller;
    EditPanel* m_panel;
};

} // namespace dinolens::ui
