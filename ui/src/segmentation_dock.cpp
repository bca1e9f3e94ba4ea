#include "dinolens/ui/segmentation_dock.h"

#include <QTreeView>

#include "dinolens/ui/main_window.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_panel.h"
#include "dinolens/ui/study_model.h"

namespace dinolens::ui {

SegmentationDock::SegmentationDock(MainWindow* window)
    : PanelDock(tr("Segmentation"), QStringLiteral("segmentationDock"), window)
    , m_window(window)
    , m_controller(new SegmentationController(window->document(), this))
    , m_panel(new SegmentationPanel(m_controller, window->document(), window))
{
    setContent(m_panel, true);
    connect(m_panel, &SegmentationPanel::modelFolderAdded, this, &SegmentationDock::modelFolderAdded);
    connect(m_controller, &SegmentationController::failed, this,
        [this](const QString& text) { Q_EMIT message(text, true); });
    connect(m_controller, &SegmentationController::warned, this,
        [this](const QString& text) { Q_EMIT message(text, true); });
    connect(m_controller, &SegmentationController::stateChanged, this, &SegmentationDock::onStateChanged);
    connect(window, &MainWindow::modelRunsRefreshed, this, [this] { m_panel->setModelRuns(m_window->modelRuns()); });
}

void SegmentationDock::onStateChanged()
{
    if (m_controller->state() == core::JobState::Scheduled) {
        bringToFront();
        return;
    }
    if (m_controller->state() != core::JobState::Completed) {
        return;
    }
    Q_EMIT status(tr("Segmented %n slice(s)", nullptr, m_controller->totalSlices()), 8000);
    if (const auto verdict = m_controller->seriesVerdict()) {
        const QString p = QString::number(static_cast<double>(verdict->probability), 'f', 2);
        m_window->studyModel()->setVerdict(m_window->studyTree()->currentIndex(),
            verdict->present ? tr("Tumour found (p = %1)").arg(p) : tr("No tumour found (p = %1)").arg(p));
    }
}

} // namespace dinolens::ui
