#pragma once
// Private: a training session to and from its checkpoint state (run_folder.h writes and reads the file): "head.<name>"
// tensors, AdamW's "adam.{m,v}.<name>", and with a trained backbone "backbone.<Hugging Face key>" and
// "backbone.adam.{m,v}.<key>".

#include <vector>

#include "run_folder.h"
#include "training_session.h"

namespace dinolens::inference::detail {

/// The state after `epochsCompleted` epochs with their metrics.
CheckpointState checkpointOf(
    const TrainingSession& session, int epochsCompleted, const std::vector<TrainingEpochMetrics>& history);

/// Restores weights, BatchNorm statistics, optimiser moments and the global step. Errors: InvalidFormat (a tensor
/// that does not fit this network, missing optimiser state, a trained backbone where the run has none or the other
/// way round).
core::Status restoreCheckpoint(TrainingSession& session, const CheckpointState& state);

} // namespace dinolens::inference::detail
