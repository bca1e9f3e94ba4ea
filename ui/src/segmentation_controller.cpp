#include "dinolens/ui/segmentation_controller.h"

#include <algorithm>
#include <numeric>

#include "dinolens/ui/viewer_document.h"
#include "error_text.h"

namespace dinolens::ui {

using core::JobState;

SegmentationController::SegmentationController(ViewerDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    connect(&m_modelWatcher, &QFutureWatcherBase::finished, this, &SegmentationController::onModelLoaded);
    connect(&m_segmentWatcher, &QFutureWatcherBase::resultReadyAt, this, &SegmentationController::onSliceResult);
    connect(&m_segmentWatcher, &QFutureWatcherBase::finished, this, &SegmentationController::onSegmentationFinished);
    connect(&m_segmentWatcher, &QFutureWatcherBase::progressValueChanged, this, &SegmentationController::onJobProgress);
    connect(document, &ViewerDocument::volumeChanged, this, &SegmentationController::onVolumeChanged);
    m_sincePublish.start();
}

SegmentationController::~SegmentationController()
{
    // The jobs hold their own shared copies of the model and the volume; cancelling lets them end early.
    m_cancel.cancel();
    m_segmentWatcher.cancel();
}

void SegmentationController::setModelFolder(const QString& runDir)
{
    m_modelDir = runDir;
}

std::string SegmentationController::currentKey() const
{
    return (m_document->loaded().sourcePath + QLatin1Char('\n') + m_modelDir).toStdString();
}

void SegmentationController::moveTo(JobState next)
{
    if (m_state.moveTo(next)) {
        Q_EMIT stateChanged();
    }
}

void SegmentationController::fail(const QString& message)
{
    m_lastError = message;
    moveTo(JobState::Failed);
    Q_EMIT failed(message);
}

bool SegmentationController::segmentSlice()
{
    return segment({ m_document->cursor()[2] });
}

bool SegmentationController::segmentSeries()
{
    if (!m_document->hasVolume()) {
        return segment({});
    }
    std::vector<int> all(static_cast<std::size_t>(m_document->volume()->dims[2]));
    std::iota(all.begin(), all.end(), 0);
    return startJob(all, fusesThreePlanes(*m_document->volume()));
}

bool SegmentationController::segment(const std::vector<int>& slices)
{
    return startJob(slices, false);
}

bool SegmentationController::startJob(const std::vector<int>& slices, bool threePlanes)
{
    if (m_state.isActive() || !m_document->hasVolume() || !m_document->loaded().complete || slices.empty()) {
        return false;
    }
    m_lastError.clear();
    moveTo(JobState::Scheduled);
    if (m_modelDir.isEmpty()) {
        fail(tr("No segmentation model is configured. Add a trained run folder in the Segmentation panel or in "
                "File > Preferences."));
        return true;
    }
    const core::Volume& volume = *m_document->volume();
    m_jobKey = currentKey();
    m_cache.ensure(m_jobKey, volume.dims, { volume.spacing[0], volume.spacing[1], volume.spacing[2] });
    m_threePlanes = threePlanes && !m_fusedKeys.contains(m_jobKey);
    m_pending = m_threePlanes ? slices : m_cache.missing(m_jobKey, slices);
    m_total = static_cast<int>(slices.size());
    m_done = m_total - static_cast<int>(m_pending.size());
    Q_EMIT progressChanged(m_done, m_total);
    if (m_predictor && m_loadedDir == m_modelDir) {
        startSegmentation();
    } else {
        m_predictor.reset();
        m_modelDescription.clear();
        m_modelWatcher.setFuture(loadModelAsync(m_modelDir, m_threads, m_useCuda));
    }
    return true;
}

void SegmentationController::onModelLoaded()
{
    if (m_modelWatcher.future().resultCount() == 0) {
        return;
    }
    const ModelOutcome outcome = m_modelWatcher.result();
    if (!outcome.status) {
        fail(tr("The model in %1 cannot be used: %2").arg(outcome.runDir, userMessage(outcome.status.error())));
        return;
    }
    if (!outcome.warning.isEmpty()) {
        Q_EMIT warned(outcome.warning);
    }
    m_predictor = outcome.predictor;
    m_loadedDir = outcome.runDir;
    m_modelDescription = outcome.description;
    if (m_state.state() == JobState::Cancelling) {
        moveTo(JobState::Cancelled);
        return;
    }
    startSegmentation();
}

void SegmentationController::startSegmentation()
{
    moveTo(JobState::Running);
    if (m_pending.empty() || m_jobKey != currentKey()) {
        publish(true);
        moveTo(JobState::Completed);
        return;
    }
    m_cancel = core::CancelToken {};
    m_segmentWatcher.setFuture(m_threePlanes
            ? segmentVolumeThreePlanesAsync(m_predictor, m_document->loaded().volume, m_cancel)
            : segmentSlicesAsync(m_predictor, m_document->loaded().volume, m_document->window(), m_pending, m_cancel));
}

void SegmentationController::onJobProgress(int value)
{
    // A fused job reports progress over its three planes and hands over every slice at the end.
    if (m_threePlanes && m_state.isActive()) {
        m_done = value;
        Q_EMIT progressChanged(m_done, m_total);
    }
}

void SegmentationController::onSliceResult(int index)
{
    const SliceOutcome outcome = m_segmentWatcher.resultAt(index);
    if (!outcome.status) {
        m_lastError = userMessage(outcome.status.error());
        return;
    }
    if (m_cache.store(m_jobKey, outcome.slice, outcome.mask, { outcome.tumorProbability, outcome.tumorPresent })) {
        m_done = m_threePlanes ? std::max(m_done, outcome.slice + 1) : m_done + 1;
        Q_EMIT progressChanged(m_done, m_total);
        publish(false);
    }
}

void SegmentationController::onSegmentationFinished()
{
    if (m_threePlanes && m_lastError.isEmpty() && m_state.state() != JobState::Cancelling
        && m_cache.doneCount(m_jobKey) == m_total) {
        m_fusedKeys.insert(m_jobKey);
    }
    publish(true);
    if (!m_lastError.isEmpty()) {
        fail(tr("Segmentation failed: %1").arg(m_lastError));
    } else if (m_state.state() == JobState::Cancelling) {
        moveTo(JobState::Cancelled);
    } else {
        moveTo(JobState::Completed);
    }
}

void SegmentationController::cancel()
{
    if (m_state.state() != JobState::Scheduled && m_state.state() != JobState::Running) {
        return;
    }
    moveTo(JobState::Cancelling);
    m_cancel.cancel();
    m_segmentWatcher.cancel();
}

void SegmentationController::onVolumeChanged()
{
    if (m_segmentWatcher.isRunning()) {
        cancel(); // results of the previous series still land in its own cache entry
    }
    if (m_document->hasVolume() && m_document->loaded().complete && m_cache.contains(currentKey())) {
        m_document->setPrediction(m_cache.mask(currentKey()));
        Q_EMIT predictionChanged();
    }
}

void SegmentationController::publish(bool force)
{
    // Only results for the series on screen reach the document; copies are made at most 10 times a second.
    if (m_jobKey != currentKey() || (!force && m_sincePublish.elapsed() < 100)) {
        return;
    }
    m_sincePublish.restart();
    m_document->setPrediction(m_cache.mask(m_jobKey));
    Q_EMIT predictionChanged();
}

std::optional<TumorVerdict> SegmentationController::seriesVerdict(const QString& sourcePath) const
{
    return m_cache.seriesVerdict((sourcePath + QLatin1Char('\n') + m_modelDir).toStdString());
}

std::optional<core::OverlapScore> SegmentationController::overlapWithGroundTruth() const
{
    const core::LabelMask* truth = m_document->groundTruth();
    return truth == nullptr ? std::nullopt : m_cache.overlapOnDone(currentKey(), *truth);
}

std::optional<core::OverlapScore> SegmentationController::sliceOverlap(int k) const
{
    const core::LabelMask* truth = m_document->groundTruth();
    const auto prediction = m_cache.mask(currentKey());
    if (truth == nullptr || !prediction || !isSliceDone(k)) {
        return std::nullopt;
    }
    auto score = core::tumorOverlap(maskSlice(*truth, k), maskSlice(*prediction, k));
    return score.ok() ? std::optional<core::OverlapScore>(*score) : std::nullopt;
}

} // namespace dinolens::ui
