// PacsBrowser: retrieving the chosen series in the background, its progress, and how it ended.
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>

#include <utility>

#include "dinolens/ui/pacs_browser.h"
#include "error_text.h"

namespace dinolens::ui {
namespace {

constexpr int kNameColumn = 0;

} // namespace

bool PacsBrowser::retrieveCurrent()
{
    QTreeWidgetItem* item = m_results->currentItem();
    while (item != nullptr && !item->data(kNameColumn, PacsBrowser::kSeriesMatchRole).isValid()) {
        item = item->childCount() > 0 ? item->child(0) : nullptr;
    }
    if (item == nullptr) {
        setStatus(tr("Choose a series (or a study) in the results first."), true);
        return false;
    }
    const int index = item->data(kNameColumn, PacsBrowser::kSeriesMatchRole).toInt();
    if (index < 0 || index >= static_cast<int>(m_seriesMatches.size())) {
        return false;
    }
    m_retrieveLabel = item->text(kNameColumn);
    retrieve(m_seriesMatches[static_cast<std::size_t>(index)]);
    return true;
}

void PacsBrowser::retrieve(const pacs::PacsMatch& series)
{
    const pacs::PacsNode* node = currentNode();
    if (node == nullptr) {
        setStatus(tr("No PACS node is configured: add one in Preferences > PACS."), true);
        return;
    }
    if (m_retrieveLabel.isEmpty()) {
        m_retrieveLabel = QString::fromStdString(series.seriesDescription);
    }
    const pacs::PacsNode target = *node;
    const pacs::RetrieveRequest request { series.studyUid, series.seriesUid };
    const PacsRetrieveSettings settings = m_retrieveSettings;
    m_retrieveNode = QString::fromStdString(node->name);
    m_progress->setRange(0, std::max(0, series.instanceCount));
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m instances"));
    m_progress->show();
    setStatus(tr("Retrieving %1 from %2...").arg(m_retrieveLabel, m_retrieveNode), false);
    m_retrieve.start([target, request, settings](const core::CancelToken& cancel) {
        return retrievePacsSeriesAsync(target, request, settings, cancel);
    });
    updateButtons();
}

void PacsBrowser::cancelRetrieve()
{
    if (m_retrieve.isRunning()) {
        setStatus(tr("Cancelling the retrieve..."), false);
        m_retrieve.cancel();
    }
}

void PacsBrowser::onRetrieveResult(int index)
{
    const PacsRetrieveEvent event = m_retrieve.resultAt(index);
    if (event.kind == PacsRetrieveEvent::Kind::FirstInstance) {
        Q_EMIT seriesArriving(event.seriesFolder);
    }
}

void PacsBrowser::onRetrieveProgress()
{
    QFutureWatcher<PacsRetrieveEvent>* watcher = m_retrieve.watcher();
    const int done = watcher->progressValue();
    const int total = std::max(watcher->progressMaximum(), m_progress->maximum());
    const double rate = watcher->progressText().toDouble();
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_progress->setFormat(total > 0 ? tr("%1 of %2 instances, %3 MB/s").arg(done).arg(total).arg(rate, 0, 'f', 1)
                                    : tr("%1 instances, %2 MB/s").arg(done).arg(rate, 0, 'f', 1));
    Q_EMIT progressChanged(done, total, rate);
}

void PacsBrowser::onRetrieveFinished()
{
    updateButtons();
    m_progress->hide();
    const QString label = std::exchange(m_retrieveLabel, QString());
    const int count = m_retrieve.watcher()->future().resultCount();
    const PacsRetrieveEvent last = count > 0 ? m_retrieve.resultAt(count - 1) : PacsRetrieveEvent {};
    if (count == 0 || last.kind != PacsRetrieveEvent::Kind::Finished || core::isCancelled(last.status)) {
        setStatus(tr("Retrieve of %1 cancelled; its partial series is not kept in the cache.").arg(label), false);
        Q_EMIT retrieveFailed(tr("Retrieve cancelled"), true);
        return;
    }
    if (!last.status) {
        const QString message
            = tr("Retrieving %1 from %2 failed: %3").arg(label, m_retrieveNode, userMessage(last.status.error()));
        setStatus(message, true);
        Q_EMIT retrieveFailed(message, false);
        return;
    }
    const double megabytes = static_cast<double>(last.bytes) / 1.0e6;
    const QString summary = tr("%1: %2 instances, %3 MB in %4 s (%5 MB/s, %6)")
                                .arg(label)
                                .arg(last.instances)
                                .arg(megabytes, 0, 'f', 1)
                                .arg(last.seconds, 0, 'f', 1)
                                .arg(last.seconds > 0 ? megabytes / last.seconds : 0.0, 0, 'f', 1)
                                .arg(last.method);
    setStatus(tr("Retrieved %1").arg(summary), false);
    Q_EMIT seriesRetrieved(last.seriesFolder, summary);
}

} // namespace dinolens::ui
