#include "dinolens/ui/training_dock.h"

#include <QMainWindow>

#include "dinolens/ui/training_controller.h"
#include "dinolens/ui/training_panel.h"

namespace dinolens::ui {

TrainingDock::TrainingDock(QMainWindow* window)
    : PanelDock(tr("Training"), QStringLiteral("trainingDock"), window)
    , m_controller(new TrainingController(this))
    , m_panel(new TrainingPanel(m_controller, window))
{
    setContent(m_panel, true);
    connect(m_controller, &TrainingController::runFinished, this, &TrainingDock::modelFolderAdded);
    connect(m_controller, &TrainingController::stateChanged, this, [this] {
        if (m_controller->state() == core::JobState::Failed) {
            Q_EMIT message(tr("Training failed: %1").arg(m_controller->lastError()), true);
        }
    });
}

} // namespace dinolens::ui
