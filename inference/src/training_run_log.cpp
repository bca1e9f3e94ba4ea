#include "training_run_log.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>

#ifdef DINOLENS_WITH_IMAGING
#include "imaging/training_preview.h"
#endif

namespace dinolens::inference::detail {
namespace {

const char* const kClassNames[] = { "background", "glioma", "meningioma", "pituitary" };

std::string joined(const std::vector<std::string>& parts)
{
    std::string text;
    for (const std::string& part : parts) {
        text += (text.empty() ? "" : " ") + part;
    }
    return text;
}

// Non-finite values (a class absent from the split and its predictions) are left out.
void addValidationScalars(const TrainingEpochMetrics& metrics, std::vector<core::TensorBoardScalar>& scalars)
{
    std::vector<core::TensorBoardScalar> all = { { "valid/loss", metrics.validLoss },
        { "valid/cross_entropy", metrics.validCrossEntropy }, { "valid/dice_loss", metrics.validDiceLoss },
        { "valid/image_dice", metrics.validImageDice }, { "valid/mean_tumour_dice", meanTumourDice(metrics.validDice) },
        { "valid/seconds", metrics.validSeconds } };
    for (size_t c = 1; c < metrics.validDice.size(); ++c) {
        all.push_back({ std::string("valid/dice_") + kClassNames[c], metrics.validDice[c] });
    }
    for (const core::TensorBoardScalar& scalar : all) {
        if (std::isfinite(scalar.value)) {
            scalars.push_back(scalar);
        }
    }
}

std::vector<core::TensorBoardScalar> epochScalars(const TrainingEpochMetrics& metrics)
{
    std::vector<core::TensorBoardScalar> scalars = { { "epoch/loss", metrics.loss },
        { "epoch/cross_entropy", metrics.crossEntropy }, { "epoch/dice_loss", metrics.diceLoss },
        { "epoch/learning_rate", metrics.learningRate }, { "epoch/seconds", metrics.seconds } };
    // A class absent from the epoch's images and predictions has no Dice (NaN): no point rather than a gap.
    for (size_t c = 1; c < metrics.trainDice.size(); ++c) {
        if (std::isfinite(metrics.trainDice[c])) {
            scalars.push_back({ std::string("train_dice/") + kClassNames[c], metrics.trainDice[c] });
        }
    }
    if (const double mean = meanTumourDice(metrics); std::isfinite(mean)) {
        scalars.push_back({ "train_dice/mean_tumour", mean });
    }
    if (metrics.validImages > 0) {
        addValidationScalars(metrics, scalars);
    }
    return scalars;
}

} // namespace

double meanTumourDice(const std::array<double, 4>& dice)
{
    double sum = 0.0;
    int count = 0;
    for (size_t c = 1; c < dice.size(); ++c) {
        if (std::isfinite(dice[c])) {
            sum += dice[c];
            ++count;
        }
    }
    return count > 0 ? sum / count : std::nan("");
}

namespace {

using RunRecorder = std::function<core::Status(const core::RunRecord&)>;

core::Result<RunRecorder> openRunRegistry()
{
#ifdef DINOLENS_WITH_IMAGING
    auto registry = core::RunRegistry::open();
    if (!registry) {
        return registry.error();
    }
    return RunRecorder([shared = std::make_shared<core::RunRegistry>(std::move(*registry))](
                           const core::RunRecord& record) { return shared->record(record); });
#else
    return core::makeError(core::ErrorCode::Unavailable,
        "this build keeps no run registry (SQLite is part of the "
        "imaging build); the run folder holds all of the run");
#endif
}

} // namespace

TrainingRunLog::TrainingRunLog(const std::filesystem::path& runDir, const TrainingConfig& config,
    const std::vector<TrainingEpochMetrics>& history, const TrainingCallbacks& callbacks)
    : m_onWarning(callbacks.onWarning)
{
    if (auto writer = core::TensorBoardWriter::create(runDir / "tensorboard"); writer) {
        m_tensorBoard.emplace(std::move(*writer));
    } else {
        warn(writer.error(), "TensorBoard events are not written");
    }
    if (auto registry = openRunRegistry(); registry) {
        m_registry = std::move(*registry);
    } else {
        warn(registry.error(), "the run is not recorded in the run registry");
    }
    m_record.runFolder = runDir;
    m_record.baseModel = joined(config.baseModel);
    m_record.dataset = describeDatasets(config) + " (" + config.split + ")";
    m_record.epochsPlanned = config.epochs;
    for (const TrainingEpochMetrics& metrics : history) {
        addToRecord(metrics);
    }
    updateRegistry();
}

TrainingRunLog::~TrainingRunLog()
{
    if (m_finished || !m_registry) {
        return;
    }
    try {
        m_record.status = core::RunStatus::Failed;
        [[maybe_unused]] const core::Status ignored = m_registry(m_record);
    } catch (const std::exception&) {
        // Nothing to report to from a destructor; the run's own error is what the caller sees.
    }
}

std::function<void(const TrainingStepMetrics&)> TrainingRunLog::observeSteps(
    std::function<void(const TrainingStepMetrics&)> forward)
{
    return [this, forward = std::move(forward)](const TrainingStepMetrics& metrics) {
        const int64_t globalStep = int64_t { metrics.epoch } * metrics.stepsPerEpoch + metrics.step + 1;
        m_pendingSteps.emplace_back(globalStep, metrics.loss);
        if (forward) {
            forward(metrics);
        }
    };
}

void TrainingRunLog::epochCompleted(TrainingSession& session, const TrainingEpochMetrics& metrics)
{
    if (m_tensorBoard) {
        const int64_t step = metrics.epoch + 1;
        m_tensorBoard->addScalars(epochScalars(metrics), step);
        for (const auto& [globalStep, loss] : m_pendingSteps) {
            m_tensorBoard->addScalars({ { "step/loss", loss } }, globalStep);
        }
#ifndef DINOLENS_WITH_IMAGING
        (void)session;
        warnOnce("no prediction previews in TensorBoard: this build has no PNG encoder (the imaging build has)");
#else
        try {
            auto previews = renderTrainingPreviews(session);
            if (!previews) {
                warn(previews.error(), "no prediction previews");
            } else {
                for (const core::TensorBoardImage& image : *previews) {
                    m_tensorBoard->addImage(image, step);
                }
            }
        } catch (const std::exception& error) {
            warn(core::makeError(core::ErrorCode::Internal, error.what()), "no prediction previews");
        }
#endif
        if (auto status = m_tensorBoard->flush(); !status) {
            warn(status.error(), "TensorBoard events are behind (training goes on)");
        }
    }
    m_pendingSteps.clear();
    addToRecord(metrics);
    updateRegistry();
}

void TrainingRunLog::finished(bool cancelled)
{
    m_finished = true;
    m_record.status = cancelled ? core::RunStatus::Cancelled : core::RunStatus::Finished;
    updateRegistry();
    if (m_tensorBoard) {
        if (auto status = m_tensorBoard->flush(); !status) {
            warn(status.error(), "TensorBoard events are incomplete");
        }
    }
}

void TrainingRunLog::addToRecord(const TrainingEpochMetrics& metrics)
{
    m_record.epochsDone = metrics.epoch + 1;
    m_record.lastLoss = metrics.loss;
    const double dice = meanTumourDice(metrics);
    m_record.lastTrainDice = std::isfinite(dice) ? std::optional<double>(dice) : std::nullopt;
    if (std::isfinite(dice) && (!m_record.bestTrainDice || dice > *m_record.bestTrainDice)) {
        m_record.bestTrainDice = dice;
    }
}

void TrainingRunLog::updateRegistry()
{
    if (!m_registry) {
        return;
    }
    if (auto status = m_registry(m_record); !status) {
        warn(status.error(), "the run registry is no longer updated for this run");
        m_registry = nullptr;
    }
}

TrainingRunLog::Warn TrainingRunLog::warner()
{
    return [this](const std::string& message) { warnOnce(message); };
}

void TrainingRunLog::warn(const core::Error& error, const std::string& what)
{
    warnOnce(what + ": " + error.toString());
}

void TrainingRunLog::warnOnce(const std::string& message)
{
    if (std::find(m_warnings.begin(), m_warnings.end(), message) != m_warnings.end()) {
        return;
    }
    m_warnings.push_back(message);
    if (m_onWarning) {
        m_onWarning(message);
    }
}

} // namespace dinolens::inference::detail
