// MainWindow: the 3D view, and saving / restoring a reading session (viewer_session.h).
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

#include "dinolens/ui/main_window.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/surface_dock.h"
#include "dinolens/ui/viewer_document.h"
#include "error_text.h"

namespace dinolens::ui {

void MainWindow::showSurfaceView()
{
    m_surfaceDock->showView();
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
    connect(m_sessionWrite.watcher(), &QFutureWatcherBase::finished, this, [this] {
        const core::Status written = m_sessionWrite.hasResult()
            ? m_sessionWrite.result()
            : core::Status(
                core::makeError(core::ErrorCode::Cancelled, tr("The session was not written.").toStdString()));
        const QString error = written ? QString() : userMessage(written.error());
        if (written) {
            statusBar()->showMessage(tr("Saved session %1").arg(m_sessionWritePath), 8000);
        } else {
            showMessage(tr("Cannot save the session %1: %2").arg(m_sessionWritePath, error), true);
        }
        Q_EMIT sessionSaved(m_sessionWritePath, error);
    });
    connect(m_sessionRead.watcher(), &QFutureWatcherBase::finished, this, &MainWindow::onSessionRead);
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
    m_sessionWrite.start([path, session](const core::CancelToken&) {
        return QtConcurrent::run([path, session] { return writeSessionFile(path, session); });
    });
}

void MainWindow::openSession(const QString& path)
{
    m_sessionRead.start(
        [path](const core::CancelToken&) { return QtConcurrent::run([path] { return readSessionFile(path); }); });
}

void MainWindow::onSessionRead()
{
    if (!m_sessionRead.hasResult()) {
        return;
    }
    const core::Result<ViewerSession> session = m_sessionRead.result();
    if (!session) {
        showMessage(tr("Cannot open the session: %1").arg(userMessage(session.error())), true);
        return;
    }
    m_pendingSession = *session;
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
