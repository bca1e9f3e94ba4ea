#include "dinolens/ui/pacs_actions.h"

#include <QAction>
#include <QDir>
#include <QMenu>
#include <QStatusBar>
#include <QTreeView>

#include <array>

#include "dinolens/core/polygon_label.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/pacs_browser.h"
#include "dinolens/ui/pacs_transfer_dialogs.h"
#include "dinolens/ui/study_model.h"
#include "dinolens/ui/viewer_document.h"
#include "error_text.h"

namespace dinolens::ui {
namespace {

constexpr int kStatusMs = 15000;

PacsRetrieveSettings retrieveSettings(const ViewerSettings& settings)
{
    return { settings.pacsCacheRoot(), static_cast<std::uint64_t>(settings.pacsCacheCapMegabytes) << 20 };
}

} // namespace

PacsActions::PacsActions(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    connect(m_send.watcher(), &QFutureWatcherBase::finished, this, &PacsActions::onSendFinished);
    connect(m_export.watcher(), &QFutureWatcherBase::finished, this, &PacsActions::onExportFinished);
}

void PacsActions::addActions(QMenu* file)
{
    QAction* open = file->addAction(tr("Open from &PACS..."), this, &PacsActions::showBrowser);
    open->setObjectName(QStringLiteral("openFromPacsAction"));
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    file->addAction(tr("Send to PA&CS..."), this, &PacsActions::chooseAndSend)
        ->setObjectName(QStringLiteral("sendToPacsAction"));
    file->addAction(tr("Export &Anonymised..."), this, &PacsActions::chooseAndExport)
        ->setObjectName(QStringLiteral("exportAnonymisedAction"));
}

PacsBrowser* PacsActions::browser()
{
    if (m_browser == nullptr) {
        m_browser = new PacsBrowser(m_window);
        connect(m_browser, &PacsBrowser::seriesArriving, m_window,
            [this](const QString& folder) { m_window->openPaths({ folder }); });
        connect(m_browser, &PacsBrowser::seriesRetrieved, m_window, [this](const QString& folder, const QString& text) {
            m_window->openPaths({ folder });
            m_window->statusBar()->showMessage(tr("Retrieved %1").arg(text), kStatusMs);
        });
        connect(m_browser, &PacsBrowser::retrieveFailed, m_window, [this](const QString& message, bool cancelled) {
            if (cancelled) {
                m_window->statusBar()->showMessage(message, kStatusMs);
            } else {
                m_window->showMessage(message, true);
            }
        });
        connect(m_browser, &PacsBrowser::progressChanged, m_window, [this](int done, int total, double rate) {
            m_window->statusBar()->showMessage(
                tr("Retrieving: %1 of %2 instances, %3 MB/s").arg(done).arg(total).arg(rate, 0, 'f', 1));
        });
    }
    m_browser->setNodes(m_window->settings().pacsNodes);
    m_browser->setRetrieveSettings(retrieveSettings(m_window->settings()));
    return m_browser;
}

void PacsActions::settingsChanged()
{
    if (m_browser != nullptr) {
        browser();
    }
}

void PacsActions::showBrowser()
{
    PacsBrowser* dialog = browser();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

QString PacsActions::summaryOfShownMask() const
{
    const core::LabelMask* mask = m_window->document()->mask();
    if (mask == nullptr) {
        return {};
    }
    std::array<std::size_t, core::kTumorClassCount> voxels {};
    for (const std::uint8_t label : mask->labels) {
        ++voxels[std::min<std::size_t>(label, voxels.size() - 1)];
    }
    const double voxelMl = mask->spacing[0] * mask->spacing[1] * mask->spacing[2] / 1000.0;
    QStringList parts;
    for (int c = 1; c < core::kTumorClassCount; ++c) {
        if (voxels[static_cast<std::size_t>(c)] > 0) {
            parts << tr("%1 %2 mL")
                         .arg(QString::fromLatin1(core::tumorClassName(c)))
                         .arg(static_cast<double>(voxels[static_cast<std::size_t>(c)]) * voxelMl, 0, 'f', 2);
        }
    }
    return parts.isEmpty() ? tr("DinoLens: no tumour") : tr("DinoLens: %1").arg(parts.join(QStringLiteral(", ")));
}

void PacsActions::chooseAndSend()
{
    const QString preferred = m_browser != nullptr ? m_browser->lastRetrieveNode() : QString();
    PacsSendDialog dialog(m_window->settings().pacsNodes, preferred, m_window);
    if (dialog.exec() == QDialog::Accepted) {
        send(dialog.choice());
    }
}

void PacsActions::send(const PacsSendChoice& choice)
{
    auto node = pacs::findNode(m_window->settings().pacsNodes, choice.node.toStdString());
    const ViewerDocument* document = m_window->document();
    QString problem;
    if (!node) {
        problem = tr("There is no PACS node called \"%1\": add it in Preferences > PACS.").arg(choice.node);
    } else if (!document->hasVolume() || !document->loaded().complete) {
        problem = tr("Open and segment a DICOM series first.");
    } else if (document->mask() == nullptr) {
        problem = tr("There is no mask to send: segment the series first.");
    } else if (document->volume()->slices.empty() || document->volume()->slices.front().sopInstanceUid.empty()) {
        problem = tr("Send to PACS needs a DICOM series: this image did not come from DICOM files.");
    }
    if (!problem.isEmpty()) {
        m_window->showMessage(problem, true);
        Q_EMIT sent({}, problem);
        return;
    }
    PacsSendRequest request;
    request.volume = document->loaded().volume;
    request.mask = *document->mask();
    request.summary = summaryOfShownMask();
    request.secondaryCapture = choice.secondaryCapture;
    request.workFolder = QDir::tempPath();
    const pacs::PacsNode target = *node;
    m_window->statusBar()->showMessage(tr("Sending the segmentation to %1...").arg(choice.node));
    m_send.start(
        [target, request](const core::CancelToken& cancel) { return sendSegmentationAsync(target, request, cancel); });
}

void PacsActions::onSendFinished()
{
    if (!m_send.hasResult()) {
        m_window->statusBar()->showMessage(tr("Sending cancelled"), kStatusMs);
        Q_EMIT sent({}, tr("Sending cancelled"));
        return;
    }
    const PacsSendOutcome outcome = m_send.result();
    if (!outcome.status) {
        const QString message = tr("Sending to %1 failed: %2").arg(outcome.node, userMessage(outcome.status.error()));
        m_window->showMessage(message, true);
        Q_EMIT sent({}, message);
        return;
    }
    QString what = tr("DICOM SEG");
    if (outcome.secondaryCaptures > 0) {
        what += tr(" and %n key slice(s)", nullptr, outcome.secondaryCaptures);
    }
    QString text = tr("Sent %1 to %2 (%3, %n instance(s) stored) into study %4", nullptr, outcome.stored)
                       .arg(what, outcome.node, outcome.method, outcome.studyUid);
    if (outcome.anonymised) {
        text += tr("; anonymised first (external node)");
    }
    if (!outcome.failures.isEmpty()) {
        const QString message
            = tr("%1, but %n instance(s) were refused: %2", nullptr, static_cast<int>(outcome.failures.size()))
                  .arg(text, outcome.failures.join(QStringLiteral("; ")));
        m_window->showMessage(message, true);
        Q_EMIT sent(text, message);
        return;
    }
    m_window->statusBar()->showMessage(text, kStatusMs);
    Q_EMIT sent(text, {});
}

void PacsActions::chooseAndExport()
{
    PacsExportDialog dialog(m_window);
    if (dialog.exec() == QDialog::Accepted && !dialog.outFolder().isEmpty()) {
        exportAnonymised(dialog.outFolder(), dialog.options());
    }
}

void PacsActions::exportAnonymised(const QString& outFolder, const pacs::AnonymizeOptions& options)
{
    const core::StudyInfo* study = m_window->studyModel()->studyAt(m_window->studyTree()->currentIndex());
    QStringList files;
    if (study != nullptr) {
        for (const core::SeriesInfo& series : study->series) {
            for (const core::InstanceInfo& instance : series.instances) {
                if (series.kind == core::SourceKind::Dicom) {
                    files << QString::fromStdString(instance.path);
                }
            }
        }
    }
    if (files.isEmpty()) {
        const QString problem = tr("Export Anonymised needs an open DICOM study.");
        m_window->showMessage(problem, true);
        Q_EMIT exported({}, problem);
        return;
    }
    m_window->statusBar()->showMessage(
        tr("Exporting %n anonymised file(s)...", nullptr, static_cast<int>(files.size())));
    m_export.start([files, outFolder, options](const core::CancelToken& cancel) {
        return exportAnonymisedAsync(files, outFolder, options, cancel);
    });
}

void PacsActions::onExportFinished()
{
    if (!m_export.hasResult()) {
        Q_EMIT exported({}, tr("Export cancelled"));
        return;
    }
    const PacsExportOutcome outcome = m_export.result();
    if (!outcome.status) {
        const QString message = tr("Export Anonymised failed: %1").arg(userMessage(outcome.status.error()));
        m_window->showMessage(message, true);
        Q_EMIT exported({}, message);
        return;
    }
    const QString text = tr("Exported %n anonymised file(s) to %1", nullptr, outcome.written).arg(outcome.outFolder);
    if (!outcome.refused.isEmpty()) {
        const QString message = tr("%1; %n file(s) refused: %2", nullptr, static_cast<int>(outcome.refused.size()))
                                    .arg(text, outcome.refused.join(QLatin1Char('\n')));
        m_window->showMessage(message, true);
        Q_EMIT exported(text, message);
        return;
    }
    m_window->statusBar()->showMessage(text, kStatusMs);
    Q_EMIT exported(text, {});
}

} // namespace dinolens::ui
