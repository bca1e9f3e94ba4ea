#pragma once
// A dock of the main window's right-hand tab group, with the controller behind it. Each dock is a PanelDock (a
// subclass in a file named for it when it has a controller) handed to MainWindow::addPanel(); it reaches the window
// only through MainWindow's public API and the signals below, so adding a dock does not touch MainWindow's
// internals.
// Ownership: the dock widget is a child of the main window; the PanelDock object too. Thread-safety: GUI thread.

#include <QObject>
#include <QString>

class QDockWidget;
class QMainWindow;
class QWidget;

namespace dinolens::ui {

class PanelDock : public QObject {
    Q_OBJECT
public:
    /// A dock titled `title` whose object name is `objectName` (kept stable: saved window layouts use it).
    PanelDock(const QString& title, const QString& objectName, QMainWindow* window);

    QDockWidget* dock() const { return m_dock; }
    /// Shows the dock and brings its tab to the front.
    void bringToFront();
    /// Puts `content` into the dock; `scrollable` wraps it so that a small window scrolls the panel instead of
    /// squeezing it below its content.
    void setContent(QWidget* content, bool scrollable);

Q_SIGNALS:
    /// Something the user must read (the window's banner); `error` also marks the status bar.
    void message(const QString& text, bool error);
    /// A passing note for the status bar.
    void status(const QString& text, int milliseconds);

private:
    QDockWidget* m_dock;
};

} // namespace dinolens::ui
