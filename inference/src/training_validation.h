#pragma once
// Private: the per-epoch validation of a training run (see trainer.h): loading the validation split once, and
// scoring the head on it in evaluation mode after each epoch without drawing random numbers.

#include <functional>
#include <optional>
#include <string>

#include "training_session.h"

namespace dinolens::inference::detail {

/// Decodes config.validSplit (the first validMaxImages) and, when `backboneFingerprint` is given (a frozen
/// backbone), caches its features under the same keys as the training features. Returns nothing when validation
/// is off, or, after one `warn`, when the split is missing or unusable. Adds the backbone time and disk-cache
/// hits to `summary`. Errors: Cancelled, those of the backbone.
core::Result<std::optional<ValidationData>> loadValidationData(const TrainingSession& session,
    std::optional<uint64_t> backboneFingerprint, const std::function<void(const std::string&)>& warn,
    TrainingSummary& summary);

/// Calibrates the detection threshold on the last validation pass's scores and writes runDir/detection.json
/// (tumor_detection.h); nothing without validation scores. Errors: Unwritable.
core::Status writeCalibratedDetection(const TrainingSession& session, const std::filesystem::path& runDir);

/// Fills metrics.valid* from session.validation (nothing when it is empty). Errors: Cancelled (between batches),
/// Internal (a non-finite loss: the epoch's last updates diverged), those of the backbone.
core::Status validateEpoch(TrainingSession& session, TrainingEpochMetrics& metrics);

} // namespace dinolens::inference::detail
