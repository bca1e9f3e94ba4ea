#include "dinolens/ui/headless_session.h"

#include <QDir>
#include <QTextStream>
#include <QTimer>

#include "dinolens/core/atomic_file.h"
#include "dinolens/ui/compare_window.h"
#include "dinolens/ui/dice_strip.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/overlay_panel.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_panel.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {
namespace {

bool isFinal(core::JobState state)
{
    return state == core::JobState::Completed || state == core::JobState::Failed || state == core::JobState::Cancelled;
}

QString diceText(const std::optional<core::OverlapScore>& score)
{
    return score ? QString::number(score->dice, 'f', 3) : QStringLiteral("n/a (no ground truth)");
}

} // namespace

HeadlessSession::HeadlessSession(MainWindow* window, QString outputDir, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_outputDir(std::move(outputDir))
{
}

QString HeadlessSession::reportPath() const
{
    return QDir(m_outputDir).filePath(QStringLiteral("report.md"));
}

void HeadlessSession::start(const QString& path, const QString& modelA, const QString& modelB)
{
    m_modelA = modelA;
    m_modelB = modelB.isEmpty() ? modelA : modelB;
    if (!QDir().mkpath(m_outputDir)) {
        finish(1, tr("Cannot create %1").arg(m_outputDir));
        return;
    }
    connect(m_window, &MainWindow::volumeShown, this, &HeadlessSession::onVolumeShown);
    connect(m_window, &MainWindow::scanFinished, this, [this] {
        if (!m_started && !m_window->messageText().isEmpty()) {
            finish(1, m_window->messageText());
        }
    });
    m_window->openPaths({ path });
}

void HeadlessSession::onVolumeShown(bool complete)
{
    if (!complete || m_started) {
        return;
    }
    m_started = true;
    // The companion mask (ground truth) loads right after the volume; segmenting meanwhile is fine.
    SegmentationController* segmentation = m_window->segmentation();
    segmentation->setModelFolder(m_modelA);
    connect(segmentation, &SegmentationController::stateChanged, this, [this, segmentation] {
        if (isFinal(segmentation->state())) {
            onSegmented();
        }
    });
    segmentation->segmentSeries();
}

void HeadlessSession::onSegmented()
{
    if (m_window->segmentation()->state() != core::JobState::Completed) {
        finish(1, tr("Segmentation did not complete: %1").arg(m_window->segmentation()->lastError()));
        return;
    }
    CompareWindow* compare = m_window->compareWindow();
    compare->resize(1200, 560);
    compare->show();
    compare->setModels(m_modelA, m_modelB);
    connect(compare, &CompareWindow::comparisonFinished, this, &HeadlessSession::onCompared, Qt::SingleShotConnection);
    compare->compare();
}

void HeadlessSession::onCompared()
{
    // One event-loop turn so that the views have painted the last results before they are grabbed.
    QTimer::singleShot(0, this, &HeadlessSession::writeOutputs);
}

void HeadlessSession::writeOutputs()
{
    const QDir dir(m_outputDir);
    const QList<QPair<QString, QWidget*>> shots { { QStringLiteral("window.png"), m_window },
        { QStringLiteral("compare.png"), m_window->compareWindow() },
        { QStringLiteral("segmentation-panel.png"), m_window->segmentationPanel() },
        { QStringLiteral("overlay-panel.png"), m_window->overlayPanel() } };
    for (const auto& [name, widget] : shots) {
        if (!m_window->saveScreenshot(widget, dir.filePath(name))) {
            finish(1, tr("Cannot write %1").arg(dir.filePath(name)));
            return;
        }
        m_screenshots << dir.filePath(name);
    }
    QString report;
    const ViewerDocument& document = *m_window->document();
    const CompareWindow& compare = *m_window->compareWindow();
    QTextStream out(&report);
    out << "# DinoLens sample report\n\n";
    out << "- Study: " << document.loaded().sourcePath << "\n";
    out << "- Model A: " << m_modelA << " (" << m_window->segmentation()->modelDescription() << ")\n";
    out << "- Model B: " << m_modelB << "\n";
    out << "- Slices segmented: " << m_window->segmentation()->segmentedSliceCount() << "\n";
    const auto verdict = m_window->segmentation()->seriesVerdict();
    out << "- Verdict (model A): "
        << (!verdict ? QStringLiteral("none")
                     : QStringLiteral("%1 (p = %2)")
                           .arg(verdict->present ? QStringLiteral("tumour found") : QStringLiteral("no tumour found"))
                           .arg(static_cast<double>(verdict->probability), 0, 'f', 2))
        << "\n";
    out << "- Predicted tumour volume (model A): "
        << QString::number(m_window->overlayPanel()->areas().totalVolumeMl(), 'f', 2) << " mL\n";
    out << "- Dice vs ground truth, model A: " << diceText(m_window->segmentation()->overlapWithGroundTruth()) << "\n";
    out << "- Dice vs ground truth, model B: " << diceText(compare.controller(1)->overlapWithGroundTruth()) << "\n";
    out << "- Compare status: " << compare.statusText() << "\n\n";
    out << "Screenshots:\n\n";
    for (const QString& shot : m_screenshots) {
        out << "- " << shot << "\n";
    }
    out.flush();
    const QByteArray bytes = report.toUtf8();
    const auto written = dinolens::core::writeFileAtomically(
        reportPath().toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!written) {
        finish(1, tr("Cannot write %1").arg(reportPath()));
        return;
    }
    finish(0, tr("Report: %1\nScreenshots: %2").arg(reportPath(), m_screenshots.join(QStringLiteral(", "))));
}

void HeadlessSession::finish(int exitCode, const QString& message)
{
    if (!m_done) {
        m_done = true;
        Q_EMIT finished(exitCode, message);
    }
}

} // namespace dinolens::ui
