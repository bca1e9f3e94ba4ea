#pragma once
// Evaluation of a trained run on a dataset split with core's metrics (segmentation_metrics.h,
// hausdorff_distance.h). Ground truth is rasterised at each image's own size and predictions are made at that
// size, so areas and distances are in the image's pixels (spacing 1 mm for plain images).
// The headline "dice" is the per-image Dice of the image's labelled tumour class (the dominant class of its
// ground truth); images without a tumour are left out of it and of every segmentation metric, and counted. They
// score detection (sensitivity, specificity, AUC) and the false-positive area. Thread-safety: pure functions.

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/detection_metrics.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/segmentation_metrics.h"
#include "dinolens/inference/segmentation_predictor.h"

namespace dinolens::inference {

struct ImageEvaluation {
    std::string stem;
    std::filesystem::path imagePath;
    std::filesystem::path labelPath;
    int truthClass = 0; // dominant class of the ground truth (0: no tumour)
    int predictedClass = 0;
    double labelledClassDice = 0.0; // Dice of truthClass; NaN when truthClass is 0
    std::array<core::OverlapScore, core::kTumorClassCount> perClass {};
    core::OverlapScore tumor; // any tumour vs background
    double hd95 = 0.0; // tumour HD95 in mm (= pixels here); NaN when one mask is empty
    float tumorProbability = 0.0f; // detection score (tumor_detection.h)
    bool tumorPresent = false;
    int64_t predictedTumorPixels = 0;
    int64_t pixels = 0;
};

struct EvaluationReport {
    std::string split;
    std::vector<ImageEvaluation> images;
    core::MetricSummary dice; // labelled-class Dice per image
    std::array<core::MetricSummary, core::kTumorClassCount> perClassDice {}; // images where the class is present
    std::array<core::MetricSummary, core::kTumorClassCount> perClassIou {};
    core::MetricSummary tumorDice;
    core::MetricSummary tumorIou;
    core::MetricSummary hd95;
    // Detection over every image (positives: a tumour in the ground truth) at the run's threshold, and the share of
    // each image without tumour that the prediction marks as tumour.
    core::DetectionSummary detection;
    core::MetricSummary falsePositiveAreaFraction;
    core::TumorConfusionMatrix confusion;
    int imagesWithoutTumor = 0;
    int skipped = 0; // undecodable images or unusable labels
    std::vector<std::string> messages;
};

struct SegmentationEvaluationOptions {
    // YOLO folders (each image at its own size) or packed datasets (dataset_pack.h: at the pack's resolution; no
    // image or label paths), their images in this order
    std::vector<std::filesystem::path> dataRoots {};
    std::string split = "valid";
    int maxImages = 0; // > 0: the first N images in all
    core::CancelToken cancel {}; // polled between images
    core::ProgressSink progress {}; // (images done, images total, "evaluating")
};

/// Evaluates `options.split` of each dataset; every dataset is opened (a pack read and validated, a folder listed)
/// before the first image is scored. Errors: those of listTumorSplit and the pack reader, InvalidArgument (no dataset),
/// Cancelled.
core::Result<EvaluationReport> evaluateSegmentation(
    const SegmentationPredictor& predictor, const SegmentationEvaluationOptions& options);

/// The ground truth of an evaluated image rasterised at width x height. Errors: those of the label reader.
core::Result<core::LabelMask> evaluatedTruthMask(const ImageEvaluation& image, int width, int height);

/// metrics.json: {"dice": {"mean", "std", "n"}, "per_class": {...}, "tumor": ..., "hd95": ..., "confusion": ...}.
std::string evaluationReportJson(const EvaluationReport& report);
/// One row per image: stem, classes, labelled-class Dice, per-class Dice, tumour Dice / IoU, HD95.
std::string evaluationImagesCsv(const EvaluationReport& report);

} // namespace dinolens::inference
