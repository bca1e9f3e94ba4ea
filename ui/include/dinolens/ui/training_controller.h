#pragma once
// Runs the real trainer (inference/trainer.h) on a worker QObject living on its own QThread, so that the viewer
// stays usable while a head trains. Start, stop (a normal outcome: the last epoch's checkpoint stays) and resume
// follow JobStateMachine. Step metrics reach the GUI thread at most 10 times a second, epoch metrics always.
// Ownership: QObject child of its owner; owns the thread, which it stops (cancel -> quit -> wait) when destroyed.
// Thread-safety: GUI thread only; the worker touches nothing but its own copies of the request.

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

#include "dinolens/core/progress.h"
#include "dinolens/inference/trainer.h"
#include "dinolens/ui/job_state_machine.h"
#include "dinolens/ui/training_curves.h"

namespace dinolens::ui {

struct TrainingRequest {
    inference::TrainingConfig config;
    QString runDir;
    bool resume = false;
    core::CancelToken cancel;
};

struct TrainingOutcome {
    QString runDir;
    int epochsCompleted = 0;
    core::Status status = core::okStatus(); // the run's error, or Cancelled when it was stopped
};

/// The object living on the training thread. Private to TrainingController in use; public for the moc.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    void run(const dinolens::ui::TrainingRequest& request);

Q_SIGNALS:
    void stepReported(const dinolens::inference::TrainingStepMetrics& step);
    void epochReported(const dinolens::inference::TrainingEpochMetrics& epoch);
    void dataProgress(long long done, long long total, const QString& step);
    void finished(const dinolens::ui::TrainingOutcome& outcome);
};

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    /// Starts a fresh run (or, with resume, continues runDir's checkpoint); false while one is active.
    bool start(const inference::TrainingConfig& config, const QString& runDir, bool resume = false);
    void stop();

    core::JobState state() const { return m_state.state(); }
    bool isActive() const { return m_state.isActive(); }
    const TrainingCurves& curves() const { return m_curves; }
    /// The curves of the run before the current one (overlaid in the plot).
    const TrainingCurves& previousCurves() const { return m_previous; }
    QString runDir() const { return m_runDir; }
    QString lastError() const { return m_lastError; }
    QString progressText() const { return m_progressText; }

Q_SIGNALS:
    void stateChanged();
    void curvesChanged();
    void progressTextChanged(const QString& text);
    /// A run ended with at least one epoch in its folder (completed or stopped): it can segment now.
    void runFinished(const QString& runDir);

private:
    void onFinished(const TrainingOutcome& outcome);
    void moveTo(core::JobState next);

    QThread m_thread;
    TrainingWorker* m_worker;
    JobStateMachine m_state;
    TrainingCurves m_curves;
    TrainingCurves m_previous;
    core::CancelToken m_cancel;
    QString m_runDir;
    QString m_lastError;
    QString m_progressText;
};

} // namespace dinolens::ui

Q_DECLARE_METATYPE(dinolens::ui::TrainingRequest)
Q_DECLARE_METATYPE(dinolens::ui::TrainingOutcome)
Q_DECLARE_METATYPE(dinolens::inference::TrainingStepMetrics)
Q_DECLARE_METATYPE(dinolens::inference::TrainingEpochMetrics)
