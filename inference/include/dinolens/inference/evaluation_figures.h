#pragma once
// The PNG figures of `dinolens-cli evaluate --out` and `dinolens-cli compare`: per-class Dice box plots and
// overlays of the worst cases (or the cases where two models disagree most), re-predicted with the models.
// Thread-safety: as SegmentationPredictor::predictFile (const, may run concurrently).

#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/segmentation_evaluation.h"

namespace dinolens::inference {

struct EvaluatedModel {
    std::string name; // legend and panel title
    const SegmentationPredictor* predictor = nullptr;
    const EvaluationReport* report = nullptr;
};

/// Box plots of per-image Dice, one group per tumour class (the images labelled with that class) plus "all",
/// one series per model. Errors: those of core::writeBoxPlotPng.
core::Status writeDiceBoxPlot(const std::filesystem::path& path, const std::vector<EvaluatedModel>& models);

/// The `count` images with the lowest labelled-class Dice of models[0] (one model), or the largest absolute Dice
/// difference between models[0] and models[1] (two models), each drawn with every model's prediction and the
/// ground truth. Returns the stems drawn. Errors: prediction or drawing failures.
core::Result<std::vector<std::string>> writeCaseMontage(
    const std::filesystem::path& path, const std::vector<EvaluatedModel>& models, int count = 6);

} // namespace dinolens::inference
