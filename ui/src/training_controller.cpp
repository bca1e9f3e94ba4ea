#include "dinolens/ui/training_controller.h"

#include <chrono>
#include <exception>
#include <filesystem>

#include "dinolens/inference/engine_module.h"
#include "error_text.h"

namespace dinolens::ui {
namespace {

// Called on the training thread: plain values in, plain values out, nothing shared but the cancel flag.
inference::TrainingCallbacks callbacksFor(TrainingWorker* worker)
{
    auto lastStep = std::make_shared<std::chrono::steady_clock::time_point>();
    auto lastProgress = std::make_shared<std::chrono::steady_clock::time_point>();
    inference::TrainingCallbacks callbacks;
    callbacks.onStep = [worker, lastStep](const inference::TrainingStepMetrics& step) {
        const auto now = std::chrono::steady_clock::now();
        const bool lastOfEpoch = step.step + 1 == step.stepsPerEpoch;
        if (lastOfEpoch || now - *lastStep >= std::chrono::milliseconds(100)) { // <= 10 Hz to the GUI
            *lastStep = now;
            Q_EMIT worker->stepReported(step);
        }
    };
    callbacks.onEpoch = [worker](const inference::TrainingEpochMetrics& epoch) { Q_EMIT worker->epochReported(epoch); };
    callbacks.progress = [worker, lastProgress](long long done, long long total, const std::string& step) {
        const auto now = std::chrono::steady_clock::now();
        if (done == total || now - *lastProgress >= std::chrono::milliseconds(100)) {
            *lastProgress = now;
            Q_EMIT worker->dataProgress(done, total, QString::fromStdString(step));
        }
    };
    return callbacks;
}

} // namespace

void TrainingWorker::run(const TrainingRequest& request)
{
    TrainingOutcome outcome;
    outcome.runDir = request.runDir;
    try {
        const auto engine = inference::loadEngineModule();
        auto summary = engine ? (*engine)->trainSegmentationHead(request.config, request.runDir.toStdString(),
                           { .resume = request.resume, .callbacks = callbacksFor(this), .cancel = request.cancel })
                              : core::Result<inference::TrainingSummary>(engine.error());
        if (summary.ok()) {
            outcome.epochsCompleted = summary->epochsCompleted;
            if (summary->cancelled) {
                outcome.status = core::makeError(core::ErrorCode::Cancelled, "training was stopped");
            }
        } else {
            outcome.status = summary.error();
        }
    } catch (const std::exception& error) {
        outcome.status = core::makeError(core::ErrorCode::Internal, error.what(), request.runDir.toStdString());
    }
    Q_EMIT finished(outcome);
}

TrainingController::TrainingController(QObject* parent)
    : QObject(parent)
    , m_worker(new TrainingWorker)
{
    qRegisterMetaType<TrainingRequest>();
    qRegisterMetaType<TrainingOutcome>();
    qRegisterMetaType<inference::TrainingStepMetrics>();
    qRegisterMetaType<inference::TrainingEpochMetrics>();
    m_thread.setObjectName(QStringLiteral("DinoLens training"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &TrainingWorker::stepReported, this, [this](const inference::TrainingStepMetrics& step) {
        m_curves.addStep(step);
        m_progressText = tr("Epoch %1, step %2 / %3: loss %4")
                             .arg(step.epoch + 1)
                             .arg(step.step + 1)
                             .arg(step.stepsPerEpoch)
                             .arg(step.loss, 0, 'f', 4);
        Q_EMIT progressTextChanged(m_progressText);
        Q_EMIT curvesChanged();
    });
    connect(m_worker, &TrainingWorker::epochReported, this, [this](const inference::TrainingEpochMetrics& epoch) {
        m_curves.addEpoch(epoch);
        Q_EMIT curvesChanged();
    });
    connect(
        m_worker, &TrainingWorker::dataProgress, this, [this](long long done, long long total, const QString& step) {
            m_progressText = tr("%1: %2 / %3").arg(step).arg(done).arg(total);
            Q_EMIT progressTextChanged(m_progressText);
        });
    connect(m_worker, &TrainingWorker::finished, this, &TrainingController::onFinished);
    m_thread.start();
}

TrainingController::~TrainingController()
{
    m_cancel.cancel(); // the trainer polls it every batch
    m_thread.quit();
    m_thread.wait();
}

void TrainingController::moveTo(core::JobState next)
{
    if (m_state.moveTo(next)) {
        Q_EMIT stateChanged();
    }
}

bool TrainingController::start(const inference::TrainingConfig& config, const QString& runDir, bool resume)
{
    if (m_state.isActive()) {
        return false;
    }
    m_lastError.clear();
    if (!m_curves.empty()) {
        m_previous = m_curves;
    }
    m_curves.clear();
    m_runDir = runDir;
    m_cancel = core::CancelToken {};
    moveTo(core::JobState::Scheduled);
    Q_EMIT curvesChanged();
    const TrainingRequest request { config, runDir, resume, m_cancel };
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, request] { worker->run(request); }, Qt::QueuedConnection);
    moveTo(core::JobState::Running);
    return true;
}

void TrainingController::stop()
{
    if (m_state.state() == core::JobState::Running || m_state.state() == core::JobState::Scheduled) {
        moveTo(core::JobState::Cancelling);
        m_cancel.cancel();
    }
}

void TrainingController::onFinished(const TrainingOutcome& outcome)
{
    const bool cancelled = core::isCancelled(outcome.status);
    if (!outcome.status && !cancelled) {
        m_lastError = userMessage(outcome.status.error());
        moveTo(core::JobState::Failed);
        return;
    }
    moveTo(cancelled ? core::JobState::Cancelled : core::JobState::Completed);
    if (outcome.epochsCompleted > 0 || !cancelled) {
        Q_EMIT runFinished(outcome.runDir);
    }
}

} // namespace dinolens::ui
