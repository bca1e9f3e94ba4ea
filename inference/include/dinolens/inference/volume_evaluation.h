#pragma once
// Evaluation of a trained run on datalists of volumes (core/datalist.h): each case is segmented whole
// (volume_segmentation.h) and scored in 3-D with the volume's spacing:
// - Dice of the labelled class (the dominant class of the ground truth) and of any tumour vs background;
// - HD95 in mm (core/hausdorff_distance.h, 3-D, anisotropic);
// - the volume difference, predicted minus true, in mL;
// - detection: the case's verdict and score against whether its ground truth holds a tumour.
// Cases without a tumour in the ground truth are left out of the segmentation metrics (as for images) and counted.
// Every summary's n is a number of cases. Thread-safety: reentrant; the predictor is shared read-only.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/detection_metrics.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/segmentation_metrics.h"
#include "dinolens/inference/segmentation_evaluation.h"
#include "dinolens/inference/segmentation_predictor.h"

namespace dinolens::inference {

struct CaseEvaluation {
    std::string name; // the datalist entry ("list.json validation[2]")
    std::filesystem::path image;
    std::filesystem::path label;
    int truthClass = 0; // dominant class of the ground truth (0: no tumour)
    int predictedClass = 0; // dominant class of the prediction
    std::array<core::OverlapScore, core::kTumorClassCount> perClass {};
    std::int64_t voxels = 0;
    double labelledClassDice = 0.0; // NaN when truthClass is 0
    core::OverlapScore tumor; // any tumour vs background, in voxels
    double hd95Mm = 0.0; // NaN when one mask is empty
    double truthMl = 0.0;
    double predictedMl = 0.0;
    double volumeDifferenceMl = 0.0; // predicted - truth
    float tumorProbability = 0.0f;
    bool tumorPresent = false;
    int slices = 0;
    // The case's worst slice (lowest tumour Dice among the slices where truth or prediction holds tumour; the
    // middle slice when neither does), kept for the worst-cases figure.
    int worstSlice = 0;
    double worstSliceDice = 1.0;
    std::vector<std::uint8_t> worstSliceGrey;
    core::LabelMask worstSliceTruth;
    core::LabelMask worstSlicePrediction;
};

struct VolumeEvaluationReport {
    std::string split;
    std::vector<CaseEvaluation> cases;
    core::MetricSummary dice; // labelled-class Dice per case with a tumour
    core::MetricSummary tumorDice;
    core::MetricSummary hd95;
    core::MetricSummary volumeDifferenceMl;
    core::MetricSummary absoluteVolumeDifferenceMl;
    core::DetectionSummary detection; // per case, at the run's threshold
    int casesWithoutTumor = 0;
};

struct VolumeEvaluationOptions {
    std::vector<std::filesystem::path> datalists {}; // their cases in this order
    std::string split = "valid"; // "valid" reads the datalist's "validation" list (datalist.h)
    int maxCases = 0; // > 0: the first N cases in all
    int batch = 8; // slices per forward pass
    core::CancelToken cancel {}; // polled between batches
    core::ProgressSink progress {}; // (cases done, cases total, case name)
};

/// Evaluates `options.split` of each datalist. Errors: those of readDatalist and loadDatalistCase (naming the
/// entry), InvalidArgument (no datalist), Cancelled.
core::Result<VolumeEvaluationReport> evaluateVolumes(
    const SegmentationPredictor& predictor, const VolumeEvaluationOptions& options);

/// The report in the per-image layout of segmentation_evaluation.h, one entry per case (stem: the entry's name), so
/// that `compare` pairs two models case by case.
EvaluationReport asCaseReport(const VolumeEvaluationReport& report);

/// metrics.json: {"dice": {"mean", "std", "n"}, "tumor": {"dice"}, "hd95_mm", "volume_difference_ml",
/// "absolute_volume_difference_ml", "detection", "split", "cases", "cases_without_tumor"}.
std::string volumeEvaluationJson(const VolumeEvaluationReport& report);
/// per_case.csv: one row per case.
std::string volumeEvaluationCsv(const VolumeEvaluationReport& report);
/// The worst slices of the `count` cases with the lowest Dice: ground truth outlined, prediction filled.
/// Errors: InvalidArgument (no case), Unwritable.
core::Status writeWorstSlicesMontage(
    const std::filesystem::path& path, const VolumeEvaluationReport& report, const std::string& model, int count = 8);

} // namespace dinolens::inference
