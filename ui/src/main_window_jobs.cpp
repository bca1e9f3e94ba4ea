// MainWindow: starting background jobs and taking their results back on the GUI thread.
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QTreeView>

#include "dinolens/ui/dicom_tag_panel.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/study_model.h"
#include "dinolens/ui/viewer_document.h"
#include "error_text.h"

namespace dinolens::ui {

void MainWindow::openPaths(const QStringList& paths)
{
    if (paths.isEmpty()) {
        return;
    }
    hideMessage();
    QStringList absolute;
    for (const QString& path : paths) {
        absolute << QFileInfo(path).absoluteFilePath();
        addRecentFile(absolute.back(), m_settings.maxRecentFiles);
    }
    rebuildRecentMenu();
    m_openedPath = absolute.size() == 1 ? absolute.front() : QString();
    statusBar()->showMessage(tr("Scanning %1...").arg(absolute.join(QStringLiteral(", "))));
    m_scan.start([absolute](const core::CancelToken& cancel) { return scanPathsAsync(absolute, cancel); });
    updateBusy();
}

void MainWindow::onScanFinished()
{
    updateBusy();
    if (!m_scan.hasResult()) {
        return;
    }
    ScanOutcome outcome = m_scan.result();
    if (core::isCancelled(outcome.status)) {
        statusBar()->showMessage(tr("Scan cancelled"), 5000);
        return;
    }
    QStringList problems;
    for (const auto& error : outcome.errors) {
        problems << userMessage(error);
    }
    if (outcome.scan.studies.empty()) {
        showMessage(problems.isEmpty() ? tr("No images found.") : problems.join(QLatin1Char('\n')), true);
        Q_EMIT scanFinished();
        return;
    }
    if (!problems.isEmpty()) {
        showMessage(problems.join(QLatin1Char('\n')), true);
    }
    const auto skipped = outcome.scan.skipped.size();
    m_model->setScan(std::move(outcome.scan));
    m_tree->expandAll();
    statusBar()->showMessage(skipped == 0
            ? tr("Scan finished")
            : tr("Scan finished; %n file(s) skipped (not images)", nullptr, static_cast<int>(skipped)),
        8000);
    startThumbnails(m_model->scan());
    Q_EMIT scanFinished();
    QModelIndex first = m_model->firstSeriesIndex();
    if (m_pendingSession
        && m_model->seriesAt(m_model->seriesIndex(m_pendingSession->study, m_pendingSession->series)) != nullptr) {
        first = m_model->seriesIndex(m_pendingSession->study, m_pendingSession->series);
    }
    if (m_tree->currentIndex() == first) {
        // Re-opening the same study keeps the current index, so currentChanged would not start the load.
        loadSeriesAt(first);
    } else {
        m_tree->setCurrentIndex(first);
    }
}

void MainWindow::startThumbnails(const core::ScanResult& scan)
{
    const int size = m_settings.thumbnailSize;
    m_thumbnails.start([&scan, size](const core::CancelToken& cancel) { return thumbnailsAsync(scan, size, cancel); });
}

void MainWindow::selectSeries(int study, int series)
{
    m_tree->setCurrentIndex(m_model->seriesIndex(study, series));
}

void MainWindow::loadSeriesAt(const QModelIndex& index)
{
    const core::SeriesInfo* series = m_model->seriesAt(index);
    const core::StudyInfo* study = m_model->studyAt(index);
    if (series == nullptr || series->instances.empty()) {
        return;
    }
    m_loadingSource = QString::fromStdString(series->instances.front().path);
    const QString patient = QString::fromStdString(study->patientName.empty() ? study->patientId : study->patientName);
    statusBar()->showMessage(tr("Loading %1...").arg(QString::fromStdString(series->description)));
    m_load.start(
        [series, patient](const core::CancelToken& cancel) { return loadSeriesAsync(*series, patient, cancel); });
    updateBusy();
}

void MainWindow::onVolumeResult(int index)
{
    const VolumeOutcome outcome = m_load.resultAt(index);
    if (core::isCancelled(outcome.status)) {
        return;
    }
    if (!outcome.status) {
        showMessage(userMessage(outcome.status.error()), true);
        return;
    }
    if (outcome.loaded.sourcePath != m_loadingSource) {
        return;
    }
    m_document->setVolume(outcome.loaded);
    arrangeViews();
    updateTagPanel();
    Q_EMIT volumeShown(outcome.loaded.complete);
    if (outcome.loaded.complete) {
        const core::Volume& volume = *outcome.loaded.volume;
        statusBar()->showMessage(tr("Loaded %1 x %2 x %3, %4")
                                     .arg(volume.dims[0])
                                     .arg(volume.dims[1])
                                     .arg(volume.dims[2])
                                     .arg(QString::fromStdString(volume.orientationCode())),
            8000);
        m_maskPath.clear();
        if (!applyPendingSession()) {
            m_mask.start([this, &volume](const core::CancelToken&) {
                return loadCompanionMaskAsync(m_loadingSource, volume.dims, volume.spacing);
            });
        }
    }
}

void MainWindow::onLoadFinished()
{
    updateBusy();
}

void MainWindow::openMask(const QString& path)
{
    if (!m_document->hasVolume() || !m_document->loaded().complete) {
        showMessage(tr("Open an image before its mask."), true);
        return;
    }
    const core::Volume& volume = *m_document->volume();
    m_mask.start(
        [&path, &volume](const core::CancelToken&) { return loadMaskAsync(path, volume.dims, volume.spacing); });
}

void MainWindow::onMaskLoaded(const MaskOutcome& outcome)
{
    if (!outcome.mask && outcome.status) {
        return; // no companion mask beside the image
    }
    if (!outcome.status) {
        showMessage(userMessage(outcome.status.error()), true);
        return;
    }
    if (!m_document->setMask(outcome.mask)) {
        showMessage(tr("The mask %1 does not match the image size.").arg(outcome.path), true);
        return;
    }
    m_maskPath = outcome.path;
    statusBar()->showMessage(tr("Mask %1").arg(QFileInfo(outcome.path).fileName()), 8000);
    Q_EMIT maskShown();
}

void MainWindow::arrangeViews()
{
    // The view that shows the acquired slices as they are stored gets the large place.
    SliceView* primary = m_views[0];
    for (SliceView* view : m_views) {
        primary = view->plane().sliceAxis == 2 ? view : primary;
    }
    const bool sideVisible = m_sideSplitter->isVisibleTo(this);
    int side = 0;
    for (SliceView* view : m_views) {
        if (view != primary) {
            m_sideSplitter->insertWidget(side++, view);
        }
    }
    m_viewSplitter->insertWidget(0, primary);
    updateViewVisibility();
    // Hiding both side views collapses their splitter; give the space back when they return.
    if (m_sideSplitter->isVisibleTo(this) && !sideVisible) {
        const int total = std::max(m_viewSplitter->width(), 3);
        m_viewSplitter->setSizes({ total * 2 / 3, total - total * 2 / 3 });
        const int height = std::max(m_sideSplitter->height(), m_viewSplitter->height());
        m_sideSplitter->setSizes({ height / 2, height - height / 2 });
    }
}

void MainWindow::updateViewVisibility()
{
    bool anySide = false;
    for (SliceView* view : m_views) {
        const bool visible = view->plane().width() > 1 && view->plane().height() > 1;
        view->setVisible(visible);
        anySide = anySide || (visible && view->parentWidget() == m_sideSplitter);
    }
    m_sideSplitter->setVisible(anySide);
}

void MainWindow::updateTagPanel()
{
    if (!m_document->hasVolume()) {
        m_tagPanel->showFile({});
        return;
    }
    const core::Volume& volume = *m_document->volume();
    const auto k = static_cast<std::size_t>(m_document->cursor()[2]);
    m_tagPanel->showFile(k < volume.slices.size() ? QString::fromStdString(volume.slices[k].sourceFile)
                                                  : m_document->loaded().sourcePath);
}

void MainWindow::showMessage(const QString& text, bool error)
{
    m_banner->setText(text);
    m_banner->setVisible(true);
    statusBar()->showMessage(error ? tr("Error: %1").arg(text.section(QLatin1Char('\n'), 0, 0)) : text, 10000);
    Q_EMIT messageShown(text);
}

void MainWindow::hideMessage()
{
    m_banner->clear();
    m_banner->hide();
}

QString MainWindow::messageText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

bool MainWindow::isBusy() const
{
    return m_scan.isRunning() || m_load.isRunning();
}

void MainWindow::updateBusy()
{
    const bool busy = isBusy();
    m_progress->setVisible(busy);
    m_cancelButton->setVisible(busy);
    if (busy) {
        m_progress->setRange(0, 0);
    }
}

void MainWindow::cancelJobs()
{
    m_scan.cancel();
    m_load.cancel();
}

void MainWindow::watchProgress(QFutureWatcherBase* watcher)
{
    connect(watcher, &QFutureWatcherBase::progressRangeChanged, this,
        [this](int minimum, int maximum) { m_progress->setRange(minimum, maximum); });
    connect(watcher, &QFutureWatcherBase::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(watcher, &QFutureWatcherBase::progressTextChanged, this,
        [this](const QString& text) { m_progress->setToolTip(text); });
}

} // namespace dinolens::ui
