// MainWindow: the 3D view dock, and saving / restoring a reading session (viewer_session.h).
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

#include "dinolens/ui/main_window.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/surface_view.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {

void MainWindow::createSurfaceDock()
{
    m_surfaceView = new SurfaceView(m_document, this);
    auto* dock = new QDockWidget(tr("3D"), this);
    dock->setObjectName(QStringLiteral("surfaceDock"));
    dock->setWidget(m_surfaceView);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(findChild<QDockWidget*>(QStringLiteral("overlayDock")), dock);
}

void MainWindow::showSurfaceView()
{
    auto* dock = findChild<QDockWidget*>(QStringLiteral("surfaceDock"));
    dock->show();
    dock->raise();
    m_surfaceView->setFocus();
}

void MainWindow::createSessionActions(QMenu* file)
{
    file->addAction(tr("Open Sess&ion..."), this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Open Session"), {}, tr("DinoLens sessions (*.dlsession)"));
        if (!path.isEmpty()) {
            openSession(path);
        }
    });
    file->addAction(tr("Save &Session..."), this,
            [this] {
                QString path = QFileDialog::getSaveFileName(this, tr("Save Session"),
                    QStringLiteral("reading.dlsession"), tr("DinoLens sessions (*.dlsession)"));
                if (!path.isEmpty()) {
                    if (QFileInfo(path).suffix().isEmpty()) {
                        path += QStringLiteral(".") + QLatin1String(kSessionSuffix);
                    }
                    saveSession(path);
                }
            })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(&m_sessionWriteWatcher, &QFutureWatcherBase::finished, this, [this] {
        const QString error = m_sessionWriteWatcher.future().resultCount() > 0 ? m_sessionWriteWatcher.result()
                                                                               : tr("The session was not written.");
        if (error.isEmpty()) {
            statusBar()->showMessage(tr("Saved session %1").arg(m_sessionWritePath), 8000);
        } else {
            showMessage(tr("Cannot save the session %1: %2").arg(m_sessionWritePath, error), true);
        }
        Q_EMIT sessionSaved(m_sessionWritePath, error);
    });
    connect(&m_sessionReadWatcher, &QFutureWatcherBase::finished, this, &MainWindow::onSessionRead);
}

ViewerSession MainWindow::currentSession() const
{
    ViewerSession session;
    session.studyPath = m_openedPath;
    const QModelIndex current = m_tree->currentIndex();
    session.study = current.parent().isValid() ? current.parent().row() : 0;
    session.series = current.parent().isValid() ? current.row() : 0;
    session.seriesSource = m_document->loaded().sourcePath;
    session.cursor = m_document->cursor();
    for (const ViewAxis axis : kViewAxes) {
        const SliceView* view = sliceView(axis);
        const auto n = static_cast<std::size_t>(axis);
        session.slices[n] = view->slice();
        session.views[n] = { view->transform().zoom(), view->transform().panX(), view->transform().panY() };
    }
    session.windowCenter = m_document->window().center;
    session.windowWidth = m_document->window().width;
    session.windowName = QString::fromStdString(m_document->window().name);
    session.overlay = m_document->overlayStyle();
    session.shownLayer = m_document->shownLayer();
    if (!m_maskPath.isEmpty()) {
        session.maskFiles << m_maskPath;
    }
    return session;
}

void MainWindow::saveSession(const QString& path)
{
    if (!m_document->hasVolume() || m_openedPath.isEmpty()) {
        showMessage(tr("Open a study before saving a session."), true);
        Q_EMIT sessionSaved(path, tr("no study"));
        return;
    }
    const ViewerSession session = currentSession();
    m_sessionWritePath = path;
    m_sessionWriteWatcher.setFuture(QtConcurrent::run([path, session] { return writeSessionFile(path, session); }));
}

void MainWindow::openSession(const QString& path)
{
    m_sessionReadWatcher.setFuture(QtConcurrent::run([path] {
        QString error;
        std::optional<ViewerSession> session = readSessionFile(path, &error);
        return std::make_pair(std::move(session), error);
    }));
}

void MainWindow::onSessionRead()
{
    if (m_sessionReadWatcher.future().resultCount() == 0) {
        return;
    }
    const auto [session, error] = m_sessionReadWatcher.result();
    if (!session) {
        showMessage(tr("Cannot open the session: %1").arg(error), true);
        return;
    }
    m_pendingSession = session;
    openPaths({ session->studyPath });
}

bool MainWindow::applyPendingSession()
{
    if (!m_pendingSession) {
        return false;
    }
    const ViewerSession session = *m_pendingSession;
    m_pendingSession.reset();
    if (!session.seriesSource.isEmpty() && session.seriesSource != m_document->loaded().sourcePath) {
        showMessage(
            tr("The session's series was not found in %1; showing the first series.").arg(session.studyPath), true);
        return false;
    }
    m_document->setWindow({ session.windowCenter, session.windowWidth, session.windowName.toStdString() });
    m_document->setOverlayStyle(session.overlay);
    m_document->setShownLayer(session.shownLayer);
    m_document->setCursor(session.cursor);
    for (const ViewAxis axis : kViewAxes) {
        const ViewZoomPan& view = session.views[static_cast<std::size_t>(axis)];
        sliceView(axis)->setZoomPan(view.zoom, view.panX, view.panY);
    }
    for (const QString& mask : session.maskFiles) {
        openMask(mask);
    }
    statusBar()->showMessage(tr("Session restored"), 8000);
    Q_EMIT sessionRestored();
    return true;
}

} // namespace dinolens::ui
