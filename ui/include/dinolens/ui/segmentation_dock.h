#pragma once
// The Segmentation dock: the segmentation controller (model load, per-slice segmentation, verdicts) and its panel.
// It raises itself when a run is scheduled, reports failures, and marks the segmented series' verdict in the
// study browser. Ownership: children of the main window. Thread-safety: GUI thread.

#include "dinolens/ui/panel_dock.h"

namespace dinolens::ui {

class MainWindow;
class SegmentationController;
class SegmentationPanel;

class SegmentationDock : public PanelDock {
    Q_OBJECT
public:
    explicit SegmentationDock(MainWindow* window);

    SegmentationController* controller() const { return m_controller; }
    SegmentationPanel* panel() const { return m_panel; }

Q_SIGNALS:
    /// The user added a folder of models (the window persists it and lists the models again).
    void modelFolderAdded(const QString& folder);

private:
    void onStateChanged();

    MainWindow* m_window;
    SegmentationController* m_controller;
    SegmentationPanel* m_panel;
};

} // namespace dinolens::ui
