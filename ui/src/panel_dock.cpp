#include "dinolens/ui/panel_dock.h"

#include <QDockWidget>
#include <QMainWindow>
#include <QScrollArea>

namespace dinolens::ui {

PanelDock::PanelDock(const QString& title, const QString& objectName, QMainWindow* window)
    : QObject(window)
    , m_dock(new QDockWidget(title, window))
{
    m_dock->setObjectName(objectName);
}

void PanelDock::bringToFront()
{
    m_dock->show();
    m_dock->raise();
}

void PanelDock::setContent(QWidget* content, bool scrollable)
{
    if (!scrollable) {
        m_dock->setWidget(content);
        return;
    }
    auto* area = new QScrollArea(m_dock);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_dock->setWidget(area);
}

} // namespace dinolens::ui
