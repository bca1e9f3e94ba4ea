#pragma once
// `dinolens-cli compare`: the DINOv2-vs-DINOv3 benchmark of the study. Each model gets a segmentation head trained
// with the same split, seed and schedule (or an existing run is reused), both are evaluated on the same images,
// and the report gives the study's table (Dice mean +- std, overall and per class), the paired difference with a
// bootstrap 95% interval and a Wilcoxon signed-rank p-value, box plots, and the cases where the models disagree
// most. Files in outDir: report.md, comparison.json, dice_boxplot.png, disagreements.png, runs/<model>/.
// Thread-safety: as trainSegmentationHead (sets LibTorch's thread count).

#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/detection_metrics.h"
#include "dinolens/core/paired_statistics.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/segmentation_evaluation.h"
#include "dinolens/inference/trainer.h"

namespace dinolens::inference {

struct ComparisonOptions {
    std::vector<std::string> models; // two: a trained run folder (reused as is) or a base model specification
    TrainingConfig schedule; // data root, split, epochs, batch size, learning rate, resolution, seed, ...
    std::string evaluationSplit = "valid";
    int evaluationMaxImages = 0; // > 0: the first N images of the split
    std::filesystem::path outDir;
    int bootstrapResamples = 10000;
    int montageCases = 6;
    core::CancelToken cancel; // polled by training and evaluation
    core::ProgressSink evaluationProgress; // (images or cases done, total, step); training reports through callbacks
};

struct ComparedModel {
    std::string name;
    std::filesystem::path run;
    std::string origin; // "reused run", "trained", "resumed", "finished run reused"
    EvaluationReport report;
};

struct ComparisonReport {
    std::vector<ComparedModel> models; // A, B
    int pairedImages = 0; // labelled images evaluated by both
    core::BootstrapInterval difference; // Dice B - A over the paired images
    core::WilcoxonResult wilcoxon;
    std::array<core::BootstrapInterval, 4> classDifference {}; // per labelled class (index = class id)
    std::vector<std::string> disagreements; // stems drawn in disagreements.png
    int detectionPairs = 0; // images both evaluated (with or without tumour)
    core::McNemarResult mcnemar; // first = A, second = B: paired tumour-present decisions
};

/// Trains (or reuses) both heads, evaluates, and writes the report files. Errors: InvalidArgument (not two
/// models), those of training and evaluation, Unwritable.
core::Result<ComparisonReport> compareModels(const ComparisonOptions& options, const TrainingCallbacks& callbacks = {});

/// The report as Markdown (what report.md holds) and as JSON.
std::string comparisonMarkdown(const ComparisonReport& report, const ComparisonOptions& options);
std::string comparisonJson(const ComparisonReport& report);

/// A short name for a model specification (folder or file name, random:<name> -> random-<name>).
std::string modelDisplayName(const std::string& specification);

} // namespace dinolens::inference
