#pragma once
// The Training dock: the training controller (the real trainer on its own thread) and its panel with live curves.
// A finished or stopped run joins the model list. Ownership: children of the main window. Thread-safety: GUI thread.

#include "dinolens/ui/panel_dock.h"

namespace dinolens::ui {

class TrainingController;
class TrainingPanel;

class TrainingDock : public PanelDock {
    Q_OBJECT
public:
    explicit TrainingDock(QMainWindow* window);

    TrainingController* controller() const { return m_controller; }
    TrainingPanel* panel() const { return m_panel; }

Q_SIGNALS:
    /// A run folder that can segment now (the window adds it to the model folders).
    void modelFolderAdded(const QString& folder);

private:
    TrainingController* m_controller;
    TrainingPanel* m_panel;
};

} // namespace dinolens::ui
