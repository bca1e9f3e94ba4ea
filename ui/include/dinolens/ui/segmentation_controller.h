#pragma once
// Segments the shown series (one slice or all of them) with a trained model, off the GUI thread: the model is
// loaded once per run folder (loadModelAsync) and kept; each request becomes one job over the slices not yet in
// the cache (segmentSlicesAsync). The job follows JobStateMachine (Idle -> Scheduled -> Running -> Cancelling ->
// Cancelled | Completed | Failed); results are cached per (series, model) and slice, and handed to the document
// as its prediction while they arrive (at most 10 times a second). A missing or broken model ends the job Failed
// with a message; the viewer keeps working.
// Slices are the volume's stored slices (k); the model sees them windowed with the document's window. A whole
// series with near-cubic voxels is segmented fused over its three planes instead (segmentVolumeThreePlanesAsync, as
// `dinolens-cli segment` does), and its fused answers replace any single slices segmented before.
// Ownership: QObject child of its owner; the document must outlive it. Thread-safety: GUI thread only.

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/segmentation_metrics.h"
#include "dinolens/ui/job_state_machine.h"
#include "dinolens/ui/segmentation_cache.h"
#include "dinolens/ui/segmentation_jobs.h"

namespace dinolens::ui {

class ViewerDocument;

class SegmentationController : public QObject {
    Q_OBJECT
public:
    explicit SegmentationController(ViewerDocument* document, QObject* parent = nullptr);
    ~SegmentationController() override;

    /// LibTorch intra-op threads of models loaded from now on (0: LibTorch's choice).
    void setThreads(int threads) { m_threads = threads; }
    /// Backbones on the GPU where CUDA is available (applies to the next model load).
    void setUseCuda(bool useCuda) { m_useCuda = useCuda; }
    /// The run folder the next segmentation uses; the model loads on first use.
    void setModelFolder(const QString& runDir);
    QString modelFolder() const { return m_modelDir; }
    /// The loaded model ("random-small, 112 px"); empty until one is loaded.
    QString modelDescription() const { return m_modelDescription; }

    /// Segments the slice under the cursor / every slice; false (nothing started) while a job is active or
    /// without a complete volume.
    bool segmentSlice();
    bool segmentSeries();
    bool segment(const std::vector<int>& slices);
    void cancel();

    core::JobState state() const { return m_state.state(); }
    bool isActive() const { return m_state.isActive(); }
    int doneSlices() const { return m_done; }
    int totalSlices() const { return m_total; }
    QString lastError() const { return m_lastError; }
    /// Tumour Dice of the prediction against the document's ground truth, over the segmented slices.
    std::optional<core::OverlapScore> overlapWithGroundTruth() const;
    /// The same for slice k alone (nullopt when k is not segmented or there is no ground truth).
    std::optional<core::OverlapScore> sliceOverlap(int k) const;
    /// Slices of the shown series already segmented with the chosen model (cached).
    int segmentedSliceCount() const { return m_cache.doneCount(currentKey()); }
    /// "Is there a tumour?" for slice k and for the segmented slices of the series on screen (nullopt: not yet).
    std::optional<TumorVerdict> sliceVerdict(int k) const { return m_cache.sliceVerdict(currentKey(), k); }
    std::optional<TumorVerdict> seriesVerdict() const { return m_cache.seriesVerdict(currentKey()); }
    /// The series verdict of the series loaded from `sourcePath` with the current model (study browser marks).
    std::optional<TumorVerdict> seriesVerdict(const QString& sourcePath) const;
    bool isSliceDone(int k) const { return m_cache.isDone(currentKey(), k); }
    /// Whether the series on screen holds the three-plane fused answer of the chosen model.
    bool seriesFusesThreePlanes() const { return m_fusedKeys.contains(currentKey()); }

Q_SIGNALS:
    void stateChanged();
    void progressChanged(int done, int total);
    void predictionChanged();
    void failed(const QString& message);
    /// Something the user should know that did not stop the job (the device fell back to the CPU).
    void warned(const QString& message);

private:
    std::string currentKey() const;
    void moveTo(core::JobState next);
    void fail(const QString& message);
    void onModelLoaded();
    bool startJob(const std::vector<int>& slices, bool threePlanes);
    void startSegmentation();
    void onJobProgress(int value);
    void onSliceResult(int index);
    void onSegmentationFinished();
    void onVolumeChanged();
    void publish(bool force);

    ViewerDocument* m_document;
    JobStateMachine m_state;
    SegmentationCache m_cache;
    QString m_modelDir;
    QString m_loadedDir;
    QString m_modelDescription;
    std::shared_ptr<const inference::SegmentationPredictor> m_predictor;
    int m_threads = 0;
    bool m_useCuda = false;
    std::string m_jobKey;
    std::vector<int> m_pending;
    bool m_threePlanes = false; // the job in progress fuses the three planes
    std::set<std::string> m_fusedKeys; // (series, model) keys holding fused answers
    int m_done = 0;
    int m_total = 0;
    QString m_lastError;
    core::CancelToken m_cancel;
    QElapsedTimer m_sincePublish;
    QFutureWatcher<ModelOutcome> m_modelWatcher;
    QFutureWatcher<SliceOutcome> m_segmentWatcher;
};

} // namespace dinolens::ui
