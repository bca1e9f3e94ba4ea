#include "dinolens/ui/edit_dock.h"

#include "dinolens/ui/edit_panel.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/mask_edit_controller.h"
#include "dinolens/ui/slice_view.h"

namespace dinolens::ui {

EditDock::EditDock(MainWindow* window)
    : PanelDock(tr("Edit"), QStringLiteral("editDock"), window)
    , m_controller(new MaskEditController(window->document(), this))
    , m_panel(new EditPanel(m_controller, window))
{
    setContent(m_panel, true);
    for (const ViewAxis axis : kViewAxes) {
        connect(window->sliceView(axis), &SliceView::editStroke, m_controller, &MaskEditController::onStroke);
    }
    connect(m_controller, &MaskEditController::toolChanged, this, [this, window] {
        for (const ViewAxis axis : kViewAxes) {
            window->sliceView(axis)->setEditing(m_controller->tool() != EditTool::None);
        }
    });
    connect(m_controller, &MaskEditController::savedFile, this, [this](const QString& path, const QString& error) {
        if (error.isEmpty()) {
            Q_EMIT status(tr("Saved %1").arg(path), 8000);
        } else {
            Q_EMIT message(tr("Cannot save %1: %2").arg(path, error), true);
        }
    });
}

} // namespace dinolens::ui
