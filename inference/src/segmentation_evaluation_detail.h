#pragma once
// Private: the pieces of evaluateSegmentation (segmentation_evaluation.h) shared by its packed-dataset path and the
// imaging build's image-folder path (imaging/image_folder_evaluation.cpp).

#include <cstddef>
#include <filesystem>
#include <string>

#include "dinolens/core/tumor_dataset.h"
#include "dinolens/inference/segmentation_evaluation.h"

namespace dinolens::inference::detail {

/// Core's metrics of one prediction against its ground truth (both at the same size).
core::Result<ImageEvaluation> evaluateImage(
    const std::string& stem, const core::LabelMask& truth, const SlicePrediction& prediction);
/// Adds an evaluated image to `report`, or counts it as skipped with its error.
void addEvaluation(EvaluationReport& report, core::Result<ImageEvaluation> image);

/// Evaluates at most `limit` images of a YOLO folder's split (as core::listTumorSplit listed it) into `report`, each
/// at its own size. Errors: Cancelled. Imaging build only.
core::Status evaluateImageFolder(const SegmentationPredictor& predictor, const core::TumorSplit& split,
    const SegmentationEvaluationOptions& options, size_t limit, EvaluationReport& report);

} // namespace dinolens::inference::detail
