#pragma once
// Private: what a training run reports besides its checkpoint: TensorBoard events in <run>/tensorboard and the
// run's entry in the user's run registry (core/run_registry.h). Neither may stop or change training: their
// failures become warnings (callbacks.onWarning, each distinct message once), and the registry is skipped for the
// rest of the run once it fails. The registry (SQLite) and the previews (PNG) are part of the imaging build; a
// build without it says once that it records neither. Per-step losses are held until their epoch completes, so an
// interrupted epoch leaves nothing that a resumed run would write again.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/run_registry.h"
#include "dinolens/core/tensorboard_writer.h"
#include "training_session.h"

namespace dinolens::inference::detail {

class TrainingRunLog {
public:
    using Warn = std::function<void(const std::string&)>;

    /// Opens both and records the run as running with `history` (a resumed run's completed epochs).
    TrainingRunLog(const std::filesystem::path& runDir, const TrainingConfig& config,
        const std::vector<TrainingEpochMetrics>& history, const TrainingCallbacks& callbacks);
    /// A run never finished() (an error, an exception) is recorded as failed.
    ~TrainingRunLog();
    TrainingRunLog(const TrainingRunLog&) = delete;
    TrainingRunLog& operator=(const TrainingRunLog&) = delete;

    /// `forward` wrapped so that this log sees each step first.
    std::function<void(const TrainingStepMetrics&)> observeSteps(
        std::function<void(const TrainingStepMetrics&)> forward);
    /// Scalars, previews and the registry after a completed (and checkpointed) epoch.
    void epochCompleted(TrainingSession& session, const TrainingEpochMetrics& metrics);
    void finished(bool cancelled);

    /// Passes a problem that does not stop training on to callbacks.onWarning (each distinct message once) and
    /// keeps it for warnings(). Valid while this log lives.
    Warn warner();
    const std::vector<std::string>& warnings() const { return m_warnings; }

private:
    void warn(const core::Error& error, const std::string& what);
    void warnOnce(const std::string& message);
    void addToRecord(const TrainingEpochMetrics& metrics);
    void updateRegistry();

    std::function<void(const std::string&)> m_onWarning;
    std::optional<core::TensorBoardWriter> m_tensorBoard;
    std::function<core::Status(const core::RunRecord&)> m_registry; // empty: not recorded
    core::RunRecord m_record;
    std::vector<std::pair<int64_t, double>> m_pendingSteps; // (global step, loss) of the running epoch
    std::vector<std::string> m_warnings;
    bool m_finished = false;
};

/// Mean of the Dice of the tumour classes present (NaN when none is): of trainDice, or of validDice.
double meanTumourDice(const std::array<double, 4>& dice);
inline double meanTumourDice(const TrainingEpochMetrics& metrics)
{
    return meanTumourDice(metrics.trainDice);
}

} // namespace dinolens::inference::detail
