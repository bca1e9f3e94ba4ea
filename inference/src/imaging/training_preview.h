#pragma once
// Private: pictures of how training is going, for TensorBoard: the head's current predictions on a few fixed
// training images, filled in class colours over the grey image with the ground truth outlined in yellow.

#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/tensorboard_writer.h"
#include "training_session.h"

namespace dinolens::inference::detail {

inline constexpr size_t kPreviewImages = 4;
inline constexpr int kPreviewMaxSide = 256; // pixels; larger working resolutions are scaled down

/// PNG overlays of the first kPreviewImages training samples (tags "predictions/<image stem>"). Evaluation mode,
/// no gradients, no random numbers drawn: training continues exactly as without it. Errors: those of the
/// backbone, Internal (PNG encoding).
core::Result<std::vector<core::TensorBoardImage>> renderTrainingPreviews(TrainingSession& session);

} // namespace dinolens::inference::detail
