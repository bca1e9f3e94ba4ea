// 3-D evaluation of a run on datalists of volumes (volume_evaluation.h).
#include "dinolens/inference/volume_evaluation.h"

#include <cmath>
#include <limits>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "dinolens/core/datalist_case.h"
#include "dinolens/core/hausdorff_distance.h"
#include "dinolens/core/json_text.h"
#include "dinolens/core/lesion_measurements.h"
#include "dinolens/core/report_figures.h"
#include "dinolens/core/windowing.h"
#include "dinolens/inference/volume_segmentation.h"

namespace dinolens::inference {
namespace {

using core::ErrorCode;
using core::makeError;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

core::LabelMask sliceOf(const core::LabelMask& mask, int k)
{
    core::LabelMask slice = core::LabelMask::zeros(mask.width(), mask.height());
    slice.spacing = mask.spacing;
    const size_t plane = slice.labels.size();
    const auto begin = mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<size_t>(k));
    std::copy(begin, begin + static_cast<std::ptrdiff_t>(plane), slice.labels.begin());
    return slice;
}

// The worst slice: the lowest tumour Dice among the slices holding true tumour (ties: the most tumour), else among
// those holding predicted tumour (the largest false positive), else the middle slice.
void keepWorstSlice(CaseEvaluation& evaluation, const core::Volume& image, const core::LabelMask& truth,
    const core::LabelMask& predicted)
{
    const size_t plane = image.sliceVoxelCount();
    int worst = image.dims[2] / 2;
    double worstDice = 1.0;
    // Rank of the best candidate so far: (holds truth, -Dice, voxels), larger is worse.
    std::tuple<bool, double, int64_t> worstRank { false, -2.0, 0 };
    for (int k = 0; k < image.dims[2]; ++k) {
        int64_t t = 0;
        int64_t p = 0;
        int64_t both = 0;
        for (size_t i = plane * static_cast<size_t>(k); i < plane * static_cast<size_t>(k + 1); ++i) {
            const bool inTruth = truth.labels[i] != 0;
            const bool inPrediction = predicted.labels[i] != 0;
            t += inTruth ? 1 : 0;
            p += inPrediction ? 1 : 0;
            both += inTruth && inPrediction ? 1 : 0;
        }
        if (t + p == 0) {
            continue;
        }
        const double dice = 2.0 * static_cast<double>(both) / static_cast<double>(t + p);
        const std::tuple<bool, double, int64_t> rank { t > 0, -dice, t + p };
        if (rank > worstRank) {
            worstRank = rank;
            worstDice = dice;
            worst = k;
        }
    }
    evaluation.worstSlice = worst;
    evaluation.worstSliceDice = worstDice;
    auto grey = core::windowSlice(image, worst, core::defaultWindow(image));
    evaluation.worstSliceGrey = grey ? std::move(*grey) : std::vector<std::uint8_t>(plane, 0);
    evaluation.worstSliceTruth = sliceOf(truth, worst);
    evaluation.worstSlicePrediction = sliceOf(predicted, worst);
}

core::Result<CaseEvaluation> evaluateCase(const SegmentationPredictor& predictor, const core::Datalist& datalist,
    const core::DatalistEntry& entry, int batch, const core::CancelToken& cancel)
{
    auto loaded = core::loadDatalistCase(datalist, entry);
    if (!loaded) {
        return loaded.error();
    }
    VolumeSegmentationOptions options;
    options.batch = batch;
    options.cancel = cancel;
    auto segmentation = segmentVolume(predictor, loaded->image, options);
    if (!segmentation) {
        return makeError(segmentation.error().code, segmentation.error().message, entry.name);
    }
    const core::LabelMask& truth = loaded->label;
    const core::LabelMask& predicted = segmentation->mask;
    CaseEvaluation evaluation;
    evaluation.name = entry.name;
    evaluation.image = entry.image;
    evaluation.label = entry.label;
    evaluation.slices = loaded->image.dims[2];
    evaluation.truthClass = core::dominantTumorClass(truth);
    auto perClass = core::perClassOverlap(truth, predicted);
    auto tumor = core::tumorOverlap(truth, predicted);
    if (!perClass || !tumor) {
        return makeError(ErrorCode::Internal, "cannot score the case", entry.name);
    }
    evaluation.tumor = *tumor;
    evaluation.perClass = *perClass;
    evaluation.predictedClass = core::dominantTumorClass(predicted);
    evaluation.voxels = static_cast<std::int64_t>(truth.voxelCount());
    evaluation.labelledClassDice
        = evaluation.truthClass > 0 ? (*perClass)[static_cast<size_t>(evaluation.truthClass)].dice : kNaN;
    evaluation.hd95Mm = kNaN;
    if (evaluation.truthClass > 0) {
        auto distance = core::hausdorffDistance(truth, predicted);
        if (distance && distance->status == core::SurfaceDistanceStatus::Defined) {
            evaluation.hd95Mm = distance->hd95Mm;
        }
    }
    const std::array<double, 4> truthMl = core::classVolumesMl(truth);
    const std::array<double, 4> predictedMl = core::classVolumesMl(predicted);
    evaluation.truthMl = truthMl[1] + truthMl[2] + truthMl[3];
    evaluation.predictedMl = predictedMl[1] + predictedMl[2] + predictedMl[3];
    evaluation.volumeDifferenceMl = evaluation.predictedMl - evaluation.truthMl;
    evaluation.tumorProbability = segmentation->tumorProbability;
    evaluation.tumorPresent = segmentation->tumorPresent;
    keepWorstSlice(evaluation, loaded->image, truth, predicted);
    return evaluation;
}

nlohmann::ordered_json number(double value)
{
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json summaryJson(const core::MetricSummary& summary)
{
    return { { "mean", number(summary.mean) }, { "std", number(summary.std) }, { "n", summary.count } };
}

} // namespace

core::Result<VolumeEvaluationReport> evaluateVolumes(
    const SegmentationPredictor& predictor, const VolumeEvaluationOptions& options)
{
    if (options.datalists.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no datalist given");
    }
    std::vector<core::Datalist> lists;
    size_t total = 0;
    for (const std::filesystem::path& file : options.datalists) {
        auto datalist = core::readDatalist(file, options.split);
        if (!datalist) {
            return datalist.error();
        }
        total += datalist->entries.size();
        lists.push_back(std::move(*datalist));
    }
    if (options.maxCases > 0) {
        total = std::min(total, static_cast<size_t>(options.maxCases));
    }
    VolumeEvaluationReport report;
    report.split = options.split;
    for (const core::Datalist& datalist : lists) {
        for (const core::DatalistEntry& entry : datalist.entries) {
            if (report.cases.size() >= total) {
                break;
            }
            if (options.cancel.isCancelled()) {
                return makeError(ErrorCode::Cancelled, "evaluation cancelled");
            }
            auto evaluation = evaluateCase(predictor, datalist, entry, options.batch, options.cancel);
            if (!evaluation) {
                return evaluation.error();
            }
            report.cases.push_back(std::move(*evaluation));
            if (options.progress) {
                options.progress(
                    static_cast<long long>(report.cases.size()), static_cast<long long>(total), entry.name);
            }
        }
    }
    std::vector<double> dice;
    std::vector<double> tumorDice;
    std::vector<double> hd95;
    std::vector<double> difference;
    std::vector<double> absoluteDifference;
    std::vector<core::ScoredCase> scored;
    for (const CaseEvaluation& evaluation : report.cases) {
        scored.push_back({ evaluation.tumorProbability, evaluation.truthClass > 0 });
        if (evaluation.truthClass == 0) {
            ++report.casesWithoutTumor;
            continue;
        }
        dice.push_back(evaluation.labelledClassDice);
        tumorDice.push_back(evaluation.tumor.dice);
        hd95.push_back(evaluation.hd95Mm);
        difference.push_back(evaluation.volumeDifferenceMl);
        absoluteDifference.push_back(std::abs(evaluation.volumeDifferenceMl));
    }
    report.dice = core::summarizeMetric(dice);
    report.tumorDice = core::summarizeMetric(tumorDice);
    report.hd95 = core::summarizeMetric(hd95);
    report.volumeDifferenceMl = core::summarizeMetric(difference);
    report.absoluteVolumeDifferenceMl = core::summarizeMetric(absoluteDifference);
    report.detection = core::summarizeDetection(scored, predictor.detection().threshold);
    return report;
}

EvaluationReport asCaseReport(const VolumeEvaluationReport& report)
{
    EvaluationReport cases;
    cases.split = report.split;
    std::array<std::vector<double>, core::kTumorClassCount> classDice;
    std::array<std::vector<double>, core::kTumorClassCount> classIou;
    std::vector<double> tumorIou;
    for (const CaseEvaluation& c : report.cases) {
        ImageEvaluation image;
        image.stem = c.name;
        image.imagePath = c.image;
        image.labelPath = c.label;
        image.truthClass = c.truthClass;
        image.predictedClass = c.predictedClass;
        image.labelledClassDice = c.labelledClassDice;
        image.perClass = c.perClass;
        image.tumor = c.tumor;
        image.hd95 = c.hd95Mm;
        image.tumorProbability = c.tumorProbability;
        image.tumorPresent = c.tumorPresent;
        image.predictedTumorPixels = c.tumor.predictedVoxels;
        image.pixels = c.voxels;
        cases.confusion.add(c.truthClass, c.predictedClass);
        if (c.truthClass > 0) {
            tumorIou.push_back(c.tumor.iou);
            for (size_t k = 1; k < classDice.size(); ++k) {
                if (c.perClass[k].truthVoxels > 0) {
                    classDice[k].push_back(c.perClass[k].dice);
                    classIou[k].push_back(c.perClass[k].iou);
                }
            }
        }
        cases.images.push_back(std::move(image));
    }
    cases.dice = report.dice;
    cases.tumorDice = report.tumorDice;
    cases.tumorIou = core::summarizeMetric(tumorIou);
    cases.hd95 = report.hd95;
    cases.detection = report.detection;
    for (size_t k = 1; k < classDice.size(); ++k) {
        cases.perClassDice[k] = core::summarizeMetric(classDice[k]);
        cases.perClassIou[k] = core::summarizeMetric(classIou[k]);
    }
    cases.imagesWithoutTumor = report.casesWithoutTumor;
    return cases;
}

std::string volumeEvaluationJson(const VolumeEvaluationReport& report)
{
    const nlohmann::ordered_json json = { { "dice", summaryJson(report.dice) },
        { "tumor", { { "dice", summaryJson(report.tumorDice) } } }, { "hd95_mm", summaryJson(report.hd95) },
        { "volume_difference_ml", summaryJson(report.volumeDifferenceMl) },
        { "absolute_volume_difference_ml", summaryJson(report.absoluteVolumeDifferenceMl) },
        { "detection",
            { { "sensitivity", number(report.detection.sensitivity) },
                { "specificity", number(report.detection.specificity) }, { "auc", number(report.detection.auc) },
                { "n_positive", report.detection.positives }, { "n_negative", report.detection.negatives },
                { "threshold", report.detection.threshold } } },
        { "scored_in", "3d" }, { "split", report.split }, { "cases", report.cases.size() },
        { "cases_without_tumor", report.casesWithoutTumor } };
    return core::jsonText(json, 2) + "\n";
}

namespace {

// A CSV field (RFC 4180): quoted, with inner quotes doubled, so that commas and quotes in names and paths keep the row.
std::string csvField(const std::string& text)
{
    std::string quoted = "\"";
    for (char c : text) {
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return quoted + '"';
}

} // namespace

std::string volumeEvaluationCsv(const VolumeEvaluationReport& report)
{
    std::ostringstream csv;
    csv.precision(6);
    csv << "case,image,label,slices,truth_class,labelled_class_dice,tumor_dice,hd95_mm,truth_ml,predicted_ml,"
           "volume_difference_ml,tumor_probability,tumor_present,worst_slice,worst_slice_dice\n";
    for (const CaseEvaluation& c : report.cases) {
        csv << csvField(c.name) << ',' << csvField(c.image.string()) << ',' << csvField(c.label.string()) << ','
            << c.slices << ',' << core::tumorClassName(c.truthClass) << ',' << c.labelledClassDice << ','
            << c.tumor.dice << ',' << c.hd95Mm << ',' << c.truthMl << ',' << c.predictedMl << ','
            << c.volumeDifferenceMl << ',' << c.tumorProbability << ',' << (c.tumorPresent ? 1 : 0) << ','
            << c.worstSlice << ',' << c.worstSliceDice << '\n';
    }
    return csv.str();
}

core::Status writeWorstSlicesMontage(
    const std::filesystem::path& path, const VolumeEvaluationReport& report, const std::string& model, int count)
{
    std::vector<const CaseEvaluation*> order;
    for (const CaseEvaluation& c : report.cases) {
        order.push_back(&c);
    }
    const auto score = [](const CaseEvaluation* c) {
        return std::isfinite(c->labelledClassDice) ? c->labelledClassDice : c->worstSliceDice;
    };
    std::stable_sort(order.begin(), order.end(), [&](auto* a, auto* b) { return score(a) < score(b); });
    order.resize(std::min(order.size(), static_cast<size_t>(std::max(1, count))));
    std::vector<core::OverlayCase> cases;
    for (const CaseEvaluation* c : order) {
        char title[96];
        std::snprintf(
            title, sizeof title, "%s slice %d Dice %.2f", model.c_str(), c->worstSlice + 1, c->worstSliceDice);
        // The image's folder and name tell the cases apart in the little room a panel's caption has.
        std::string image = (c->image.parent_path().filename() / c->image.filename()).string();
        for (const std::string suffix : { ".nii.gz", ".nii" }) {
            if (image.size() > suffix.size() && image.ends_with(suffix)) {
                image.resize(image.size() - suffix.size());
                break;
            }
        }
        char caption[256];
        std::snprintf(caption, sizeof caption, "%s Dice %.2f", image.c_str(), score(c));
        cases.push_back(
            { c->image, c->worstSliceTruth, { c->worstSlicePrediction }, { title }, caption, c->worstSliceGrey });
    }
    return core::writeOverlayMontagePng(path, cases, 256);
}

} // namespace dinolens::inference
