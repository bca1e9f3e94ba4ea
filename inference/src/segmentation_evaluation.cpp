#include "dinolens/inference/segmentation_evaluation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dinolens/core/hausdorff_distance.h"
#include "dinolens/core/json_text.h"
#include "dinolens/inference/dataset_pack.h"
#include "segmentation_evaluation_detail.h"
#include "training_data.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;

namespace detail {

core::Result<ImageEvaluation> evaluateImage(
    const std::string& stem, const core::LabelMask& truth, const SlicePrediction& prediction)
{
    const core::LabelMask& predicted = prediction.mask;
    ImageEvaluation image;
    image.tumorProbability = prediction.tumorProbability;
    image.tumorPresent = prediction.tumorPresent;
    image.predictedTumorPixels = static_cast<int64_t>(
        std::count_if(predicted.labels.begin(), predicted.labels.end(), [](uint8_t id) { return id != 0; }));
    image.pixels = static_cast<int64_t>(predicted.labels.size());
    image.stem = stem;
    auto perClass = core::perClassOverlap(truth, predicted);
    auto tumor = core::tumorOverlap(truth, predicted);
    auto distance = core::hausdorffDistance(truth, predicted);
    if (!perClass || !tumor || !distance) {
        return makeError(ErrorCode::Internal, "metrics failed", stem);
    }
    image.perClass = *perClass;
    image.tumor = *tumor;
    image.hd95 = distance->status == core::SurfaceDistanceStatus::Defined ? distance->hd95Mm
        : distance->status == core::SurfaceDistanceStatus::BothEmpty      ? 0.0
                                                                          : std::nan("");
    image.truthClass = core::dominantTumorClass(truth);
    image.predictedClass = core::dominantTumorClass(predicted);
    image.labelledClassDice
        = image.truthClass > 0 ? image.perClass[static_cast<size_t>(image.truthClass)].dice : std::nan("");
    return image;
}

void addEvaluation(EvaluationReport& report, core::Result<ImageEvaluation> image)
{
    if (!image) {
        ++report.skipped;
        report.messages.push_back(image.error().toString());
        return;
    }
    if (image->truthClass == 0) {
        ++report.imagesWithoutTumor;
    }
    report.confusion.add(image->truthClass, image->predictedClass);
    report.images.push_back(std::move(*image));
}

} // namespace detail

namespace {

// A dataset opened and checked before any image is scored, so that a bad dataset named last does not cost the
// time of scoring the others: a packed split read (and validated against the run), or an image folder's split
// listed.
struct OpenedDataset {
    std::filesystem::path root;
    detail::TrainingData packed; // a pack's split
#ifdef DINOLENS_WITH_IMAGING
    core::TumorSplit folder; // an image folder's split
#endif
    bool isPack = false;
};

core::Result<OpenedDataset> openDataset(const SegmentationPredictor& predictor, const std::filesystem::path& root,
    const SegmentationEvaluationOptions& options, size_t limit)
{
    OpenedDataset opened;
    opened.root = root;
    opened.isPack = isDatasetPack(root);
    if (opened.isPack) {
        TrainingConfig config = predictor.config();
        config.datasets = { { root, 1.0 } };
        config.split = options.split;
        config.slicePlanes = "acquired";
        config.maxImages
            = static_cast<int>(std::min<size_t>(limit, static_cast<size_t>(std::numeric_limits<int>::max())));
        opened.packed.resolution = config.resolution;
        if (auto status = detail::appendPackedSplit(config, root, 0, opened.packed, options.cancel); !status) {
            return status.error();
        }
        return opened;
    }
#ifdef DINOLENS_WITH_IMAGING
    auto listing = core::listTumorSplit(root, options.split);
    if (!listing) {
        return listing.error();
    }
    opened.folder = std::move(*listing);
    return opened;
#else
    return makeError(ErrorCode::UnsupportedFormat,
        "this build evaluates only packed datasets (.safetensors, written by `dinolens-cli pack` on a full build)",
        root.string());
#endif
}

// A packed dataset's split, in batches, at the pack's working resolution.
core::Status evaluatePack(const SegmentationPredictor& predictor, detail::TrainingData& data,
    const SegmentationEvaluationOptions& options, size_t limit, EvaluationReport& report)
{
    const int side = data.resolution;
    data.samples.resize(std::min(data.samples.size(), limit));
    constexpr size_t kBatch = 8;
    for (size_t first = 0; first < data.samples.size(); first += kBatch) {
        if (options.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "evaluation cancelled");
        }
        const size_t count = std::min(kBatch, data.samples.size() - first);
        std::vector<float> grey;
        for (size_t i = first; i < first + count; ++i) {
            grey.insert(grey.end(), data.samples[i].grey.begin(), data.samples[i].grey.end());
        }
        auto predictions = predictor.predictResampled(grey.data(), static_cast<int>(count));
        if (!predictions) {
            return predictions.error();
        }
        for (size_t i = 0; i < count; ++i) {
            detail::TrainingSample& sample = data.samples[first + i];
            core::LabelMask truth = core::LabelMask::zeros(side, side);
            truth.labels = std::move(sample.mask);
            detail::addEvaluation(report, detail::evaluateImage(sample.stem, truth, (*predictions)[i]));
            if (options.progress) {
                options.progress(
                    static_cast<long long>(first + i + 1), static_cast<long long>(data.samples.size()), "evaluating");
            }
        }
    }
    return core::okStatus();
}

void summarize(EvaluationReport& report, double threshold)
{
    std::vector<double> dice;
    std::vector<double> tumorDice;
    std::vector<double> tumorIou;
    std::vector<double> hd95;
    std::vector<double> falsePositive;
    std::vector<core::ScoredCase> cases;
    std::array<std::vector<double>, core::kTumorClassCount> classDice;
    std::array<std::vector<double>, core::kTumorClassCount> classIou;
    for (const ImageEvaluation& image : report.images) {
        cases.push_back({ image.tumorProbability, image.truthClass > 0 });
        if (image.truthClass == 0) {
            falsePositive.push_back(
                static_cast<double>(image.predictedTumorPixels) / static_cast<double>(image.pixels));
            continue; // segmentation metrics are those of images with a tumour
        }
        dice.push_back(image.labelledClassDice);
        tumorDice.push_back(image.tumor.dice);
        tumorIou.push_back(image.tumor.iou);
        hd95.push_back(image.hd95);
        for (size_t c = 0; c < image.perClass.size(); ++c) {
            if (image.perClass[c].truthVoxels > 0) {
                classDice[c].push_back(image.perClass[c].dice);
                classIou[c].push_back(image.perClass[c].iou);
            }
        }
    }
    report.dice = core::summarizeMetric(dice);
    report.tumorDice = core::summarizeMetric(tumorDice);
    report.tumorIou = core::summarizeMetric(tumorIou);
    report.hd95 = core::summarizeMetric(hd95);
    report.falsePositiveAreaFraction = core::summarizeMetric(falsePositive);
    report.detection = core::summarizeDetection(cases, threshold);
    for (size_t c = 0; c < classDice.size(); ++c) {
        report.perClassDice[c] = core::summarizeMetric(classDice[c]);
        report.perClassIou[c] = core::summarizeMetric(classIou[c]);
    }
}

nlohmann::ordered_json summaryJson(const core::MetricSummary& summary)
{
    auto number = [](double value) {
        return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
    };
    return { { "mean", number(summary.mean) }, { "std", number(summary.std) }, { "n", summary.count } };
}

} // namespace

core::Result<core::LabelMask> evaluatedTruthMask(const ImageEvaluation& image, int width, int height)
{
    auto label = core::readPolygonLabel(image.labelPath);
    if (!label) {
        return label.error();
    }
    return core::rasterizePolygons(label->polygons, width, height);
}

core::Result<EvaluationReport> evaluateSegmentation(
    const SegmentationPredictor& predictor, const SegmentationEvaluationOptions& options)
{
    if (options.dataRoots.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no dataset to evaluate");
    }
    const size_t all = std::numeric_limits<size_t>::max();
    const size_t limit = options.maxImages > 0 ? static_cast<size_t>(options.maxImages) : all;
    std::vector<OpenedDataset> datasets;
    for (const std::filesystem::path& root : options.dataRoots) {
        auto opened = openDataset(predictor, root, options, limit);
        if (!opened) {
            return opened.error();
        }
        datasets.push_back(std::move(*opened));
    }
    EvaluationReport report;
    report.split = options.split;
    for (OpenedDataset& dataset : datasets) {
        const size_t done = report.images.size() + static_cast<size_t>(report.skipped);
        const size_t left = limit == all ? all : limit - std::min(done, limit);
        if (left == 0) {
            break;
        }
#ifdef DINOLENS_WITH_IMAGING
        core::Status status = dataset.isPack
            ? evaluatePack(predictor, dataset.packed, options, left, report)
            : detail::evaluateImageFolder(predictor, dataset.folder, options, left, report);
#else
        core::Status status = evaluatePack(predictor, dataset.packed, options, left, report);
#endif
        if (!status) {
            return status.error();
        }
    }
    summarize(report, predictor.detection().threshold);
    return report;
}

std::string evaluationReportJson(const EvaluationReport& report)
{
    // Ordered so that "dice" leads the file, as readers of the study's reports expect.
    nlohmann::ordered_json perClass = nlohmann::ordered_json::object();
    for (int c = 1; c < core::kTumorClassCount; ++c) {
        perClass[core::tumorClassName(c)] = { { "dice", summaryJson(report.perClassDice[static_cast<size_t>(c)]) },
            { "iou", summaryJson(report.perClassIou[static_cast<size_t>(c)]) } };
    }
    nlohmann::ordered_json confusion = nlohmann::ordered_json::array();
    for (const auto& row : report.confusion.counts()) {
        confusion.push_back(row);
    }
    const double accuracy = report.confusion.accuracy();
    auto number = [](double value) {
        return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
    };
    const nlohmann::ordered_json json = { { "dice", summaryJson(report.dice) }, { "per_class", perClass },
        { "tumor", { { "dice", summaryJson(report.tumorDice) }, { "iou", summaryJson(report.tumorIou) } } },
        { "hd95_mm", summaryJson(report.hd95) },
        { "confusion",
            { { "labels", { "none", "glioma", "meningioma", "pituitary" } },
                { "counts_truth_by_prediction", confusion },
                { "accuracy",
                    std::isfinite(accuracy) ? nlohmann::ordered_json(accuracy) : nlohmann::ordered_json(nullptr) } } },
        { "detection",
            { { "sensitivity", number(report.detection.sensitivity) },
                { "specificity", number(report.detection.specificity) }, { "auc", number(report.detection.auc) },
                { "n_positive", report.detection.positives }, { "n_negative", report.detection.negatives },
                { "threshold", report.detection.threshold } } },
        { "false_positive_area", { { "fraction_of_image", summaryJson(report.falsePositiveAreaFraction) } } },
        { "split", report.split }, { "images", report.images.size() },
        { "images_without_tumor", report.imagesWithoutTumor }, { "skipped", report.skipped },
        { "messages", report.messages } };
    return core::jsonText(json, 2) + "\n";
}

std::string evaluationImagesCsv(const EvaluationReport& report)
{
    std::ostringstream csv;
    csv.precision(6);
    csv << "image,truth_class,predicted_class,labelled_class_dice,dice_glioma,dice_meningioma,dice_pituitary,"
           "tumor_dice,tumor_iou,hd95_mm,tumor_probability,tumor_present,predicted_tumor_px\n";
    for (const ImageEvaluation& image : report.images) {
        csv << image.stem << ',' << core::tumorClassName(image.truthClass) << ','
            << core::tumorClassName(image.predictedClass) << ',' << image.labelledClassDice;
        for (size_t c = 1; c < image.perClass.size(); ++c) {
            csv << ',' << image.perClass[c].dice;
        }
        csv << ',' << image.tumor.dice << ',' << image.tumor.iou << ',' << image.hd95 << ',' << image.tumorProbability
            << ',' << (image.tumorPresent ? 1 : 0) << ',' << image.predictedTumorPixels << '\n';
    }
    return csv.str();
}

} // namespace dinolens::inference
