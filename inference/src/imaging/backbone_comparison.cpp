#include "dinolens/inference/backbone_comparison.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "dinolens/core/atomic_file.h"
#include "dinolens/core/datalist.h"
#include "dinolens/core/json_text.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/inference/evaluation_figures.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/inference/volume_evaluation.h"
#include "run_folder.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

bool isTrainedRun(const std::string& specification)
{
    std::error_code error;
    const std::filesystem::path folder
        = specification == kDemoModelName ? demoModelFolder() : std::filesystem::path(specification);
    return std::filesystem::is_regular_file(folder / detail::kConfigFile, error)
        && (std::filesystem::exists(folder / detail::kHeadFile, error)
            || std::filesystem::exists(folder / detail::kCheckpointFile, error))
        && !std::filesystem::exists(folder / "model.safetensors", error);
}

// The run of one model: reused as given, reused from an earlier compare, resumed, or trained now.
Result<std::pair<std::filesystem::path, std::string>> runFor(const std::string& specification,
    const ComparisonOptions& options, const TrainingCallbacks& callbacks, const core::CancelToken& cancel)
{
    if (isTrainedRun(specification)) {
        auto folder = resolveRunFolder(specification);
        if (!folder) {
            return folder.error();
        }
        return std::make_pair(*folder, std::string("reused run"));
    }
    const std::filesystem::path run = options.outDir / "runs" / modelDisplayName(specification);
    std::error_code error;
    if (std::filesystem::exists(run / detail::kHeadFile, error)) {
        return std::make_pair(run, std::string("finished run reused"));
    }
    const bool resume = std::filesystem::exists(run / detail::kCheckpointFile, error);
    TrainingConfig config = options.schedule;
    config.baseModel = { specification };
    auto summary = trainSegmentationHead(config, run, { .resume = resume, .callbacks = callbacks, .cancel = cancel });
    if (!summary) {
        return summary.error();
    }
    if (summary->cancelled) {
        return makeError(ErrorCode::Cancelled, "comparison cancelled while training; run it again to resume");
    }
    return std::make_pair(run, std::string(resume ? "resumed" : "trained"));
}

std::map<std::string, const ImageEvaluation*> byStem(const EvaluationReport& report)
{
    std::map<std::string, const ImageEvaluation*> images;
    for (const ImageEvaluation& image : report.images) {
        images[image.stem] = &image;
    }
    return images;
}

void pairedStatistics(ComparisonReport& report, int resamples)
{
    const auto second = byStem(report.models[1].report);
    std::vector<double> a;
    std::vector<double> b;
    std::array<std::vector<double>, 4> classA;
    std::array<std::vector<double>, 4> classB;
    for (const ImageEvaluation& image : report.models[0].report.images) {
        const auto other = second.find(image.stem);
        if (image.truthClass == 0 || other == second.end() || std::isnan(image.labelledClassDice)
            || std::isnan(other->second->labelledClassDice)) {
            continue;
        }
        a.push_back(image.labelledClassDice);
        b.push_back(other->second->labelledClassDice);
        classA[static_cast<size_t>(image.truthClass)].push_back(a.back());
        classB[static_cast<size_t>(image.truthClass)].push_back(b.back());
    }
    report.pairedImages = static_cast<int>(a.size());
    // Detection: every image both evaluated, with or without tumour; a decision is correct when it matches the truth.
    std::vector<bool> rightA;
    std::vector<bool> rightB;
    for (const ImageEvaluation& image : report.models[0].report.images) {
        const auto other = second.find(image.stem);
        if (other != second.end()) {
            rightA.push_back(image.tumorPresent == (image.truthClass > 0));
            rightB.push_back(other->second->tumorPresent == (other->second->truthClass > 0));
        }
    }
    report.detectionPairs = static_cast<int>(rightA.size());
    report.mcnemar = core::mcnemarTest(rightA, rightB);
    report.difference = core::bootstrapMeanDifference(a, b, 0.95, resamples, 20251127);
    report.wilcoxon = core::wilcoxonSignedRank(a, b);
    for (size_t c = 1; c < 4; ++c) {
        report.classDifference[c] = core::bootstrapMeanDifference(classA[c], classB[c], 0.95, resamples, 20251127 + c);
    }
}

std::string meanStd(const core::MetricSummary& summary)
{
    if (summary.count == 0) {
        return "n/a";
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.4f +- %.4f", summary.mean, summary.std);
    return text;
}

std::string signedValue(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%+.4f", value);
    return text;
}

nlohmann::ordered_json intervalJson(const core::BootstrapInterval& interval)
{
    return { { "mean", interval.mean }, { "ci95_low", interval.lower }, { "ci95_high", interval.upper },
        { "resamples", interval.resamples } };
}

nlohmann::ordered_json summaryJson(const core::MetricSummary& summary)
{
    return { { "mean", summary.mean }, { "std", summary.std }, { "n", summary.count } };
}

} // namespace

std::string modelDisplayName(const std::string& specification)
{
    std::string name = specification;
    if (name.rfind("random:", 0) == 0) {
        name = "random-" + name.substr(7);
    } else {
        const std::filesystem::path path = std::filesystem::path(specification).lexically_normal();
        name = path.filename().empty() ? path.parent_path().filename().string() : path.filename().string();
        if (path.extension() == ".json") {
            name = path.stem().string();
        }
    }
    for (char& c : name) {
        const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
        c = plain ? c : '_';
    }
    return name.empty() ? std::string("model") : name;
}

namespace {

Result<EvaluationReport> evaluateVolumeCases(const SegmentationPredictor& predictor,
    const std::vector<std::filesystem::path>& datalists, const ComparisonOptions& options)
{
    VolumeEvaluationOptions evaluation;
    evaluation.datalists = datalists;
    evaluation.split = options.evaluationSplit;
    evaluation.maxCases = options.evaluationMaxImages;
    evaluation.cancel = options.cancel;
    evaluation.progress = options.evaluationProgress;
    auto report = evaluateVolumes(predictor, evaluation);
    if (!report) {
        return report.error();
    }
    return asCaseReport(*report);
}

} // namespace

Result<ComparisonReport> compareModels(const ComparisonOptions& options, const TrainingCallbacks& callbacks)
{
    const core::CancelToken& cancel = options.cancel;
    if (options.models.size() != 2) {
        return makeError(ErrorCode::InvalidArgument, "compare needs exactly two models");
    }
    if (auto status = detail::prepareRunFolder(options.outDir); !status) {
        return status.error();
    }
    ComparisonReport report;
    std::vector<SegmentationPredictor> predictors;
    // Datalists of volumes are scored per case in 3-D (volume_evaluation.h) and paired case by case.
    const std::vector<std::filesystem::path> roots = datasetRoots(options.schedule);
    const bool volumes = !roots.empty()
        && std::all_of(roots.begin(), roots.end(), [](const auto& root) { return core::isDatalistFile(root); });
    for (const std::string& specification : options.models) {
        auto run = runFor(specification, options, callbacks, cancel);
        if (!run) {
            return run.error();
        }
        auto predictor = SegmentationPredictor::open(run->first, { .threads = options.schedule.threads });
        if (!predictor) {
            return predictor.error();
        }
        SegmentationEvaluationOptions images;
        images.dataRoots = roots;
        images.split = options.evaluationSplit;
        images.maxImages = options.evaluationMaxImages;
        images.cancel = cancel;
        images.progress = options.evaluationProgress;
        auto evaluation
            = volumes ? evaluateVolumeCases(*predictor, roots, options) : evaluateSegmentation(*predictor, images);
        if (!evaluation) {
            return evaluation.error();
        }
        std::string name = modelDisplayName(specification);
        if (!report.models.empty() && report.models.front().name == name) {
            name += "-B";
        }
        report.models.push_back({ name, run->first, run->second, std::move(*evaluation) });
        predictors.push_back(std::move(*predictor));
    }
    pairedStatistics(report, options.bootstrapResamples);
    const std::vector<EvaluatedModel> drawn = { { report.models[0].name, &predictors[0], &report.models[0].report },
        { report.models[1].name, &predictors[1], &report.models[1].report } };
    if (auto status = writeDiceBoxPlot(options.outDir / "dice_boxplot.png", drawn); !status) {
        return status.error();
    }
    if (report.pairedImages > 0 && !volumes) {
        auto stems = writeCaseMontage(options.outDir / "disagreements.png", drawn, options.montageCases);
        if (!stems) {
            return stems.error();
        }
        report.disagreements = *stems;
    }
    for (const auto& [file, text] : { std::pair { "report.md", comparisonMarkdown(report, options) },
             std::pair { "comparison.json", comparisonJson(report) } }) {
        if (auto status = core::writeFileAtomically(options.outDir / file, text); !status) {
            return status.error();
        }
    }
    return report;
}

std::string comparisonMarkdown(const ComparisonReport& report, const ComparisonOptions& options)
{
    const ComparedModel& a = report.models.at(0);
    const ComparedModel& b = report.models.at(1);
    const TrainingConfig& s = options.schedule;
    std::ostringstream md;
    md << "# " << a.name << " vs " << b.name << "\n\n"
       << "Heads trained on the `" << s.split << "` split of " << describeDatasets(s) << " with the same schedule ("
       << s.epochs << " epochs, batch " << s.batchSize << ", learning rate " << s.learningRate << ", resolution "
       << s.resolution << ", seed " << s.seed << (s.augment ? ", augmentation" : "") << "); evaluated on the `"
       << options.evaluationSplit << "` split. Dice is the per-image Dice of the image's labelled tumour class.\n\n"
       << "| model | run | Dice (mean +- std) | glioma | meningioma | pituitary | images |\n"
       << "|---|---|---|---|---|---|---|\n";
    for (const ComparedModel& model : report.models) {
        md << "| " << model.name << " | " << model.origin << " | " << meanStd(model.report.dice);
        for (size_t c = 1; c < 4; ++c) {
            md << " | " << meanStd(model.report.perClassDice[c]);
        }
        md << " | " << model.report.dice.count << " |\n";
    }
    md << "\n## Paired difference (" << b.name << " - " << a.name << ")\n\n"
       << "Over " << report.pairedImages << " labelled images scored by both models.\n\n"
       << "| | mean difference | bootstrap 95% interval |\n|---|---|---|\n"
       << "| all | " << signedValue(report.difference.mean) << " | [" << signedValue(report.difference.lower) << ", "
       << signedValue(report.difference.upper) << "] |\n";
    for (size_t c = 1; c < 4; ++c) {
        const core::BootstrapInterval& interval = report.classDifference[c];
        md << "| " << core::tumorClassName(static_cast<int>(c)) << " | " << signedValue(interval.mean) << " | ["
           << signedValue(interval.lower) << ", " << signedValue(interval.upper) << "] |\n";
    }
    char wilcoxon[160];
    std::snprintf(wilcoxon, sizeof wilcoxon, "W+ = %.1f over %d non-zero differences, z = %.3f, p = %.3g (%s)",
        report.wilcoxon.statistic, report.wilcoxon.pairs, report.wilcoxon.z, report.wilcoxon.pValue,
        report.wilcoxon.exact ? "exact" : "normal approximation");
    md << "\nWilcoxon signed-rank test, two-sided: " << wilcoxon << ". Bootstrap: " << report.difference.resamples
       << " resamples of the images.\n\n";
    char mcnemar[200];
    std::snprintf(mcnemar, sizeof mcnemar,
        "over %d images, %d decided right only by %s and %d only by %s: chi-square %.3f, p = %.3g",
        report.detectionPairs, report.mcnemar.onlyFirstCorrect, a.name.c_str(), report.mcnemar.onlySecondCorrect,
        b.name.c_str(), report.mcnemar.statistic, report.mcnemar.pValue);
    md << "## Tumour detection\n\n| model | sensitivity | specificity | AUC | threshold |\n|---|---|---|---|---|\n";
    for (const ComparedModel& model : report.models) {
        const core::DetectionSummary& d = model.report.detection;
        char row[200];
        std::snprintf(row, sizeof row, "| %s | %.4f (n = %d) | %.4f (n = %d) | %.4f | %.4f |\n", model.name.c_str(),
            d.sensitivity, d.positives, d.specificity, d.negatives, d.auc, d.threshold);
        md << row;
    }
    md << "\nMcNemar's test on the paired decisions (tumour present or not), two-sided: " << mcnemar << ".\n\n"
       << "![Dice per image](dice_boxplot.png)\n\n## Largest disagreements\n\n";
    const auto aImages = byStem(a.report);
    const auto bImages = byStem(b.report);
    md << "| image | class | " << a.name << " | " << b.name << " |\n|---|---|---|---|\n";
    for (const std::string& stem : report.disagreements) {
        const ImageEvaluation* x = aImages.at(stem);
        md << "| " << stem << " | " << core::tumorClassName(x->truthClass) << " | "
           << signedValue(x->labelledClassDice).substr(1) << " | "
           << signedValue(bImages.at(stem)->labelledClassDice).substr(1) << " |\n";
    }
    if (!report.disagreements.empty()) {
        md << "\n![Largest disagreements](disagreements.png)\n";
    }
    return md.str();
}

std::string comparisonJson(const ComparisonReport& report)
{
    nlohmann::ordered_json models = nlohmann::ordered_json::array();
    for (const ComparedModel& model : report.models) {
        nlohmann::ordered_json perClass = nlohmann::ordered_json::object();
        for (int c = 1; c < 4; ++c) {
            perClass[core::tumorClassName(c)] = summaryJson(model.report.perClassDice[static_cast<size_t>(c)]);
        }
        models.push_back({ { "name", model.name }, { "run", model.run.string() }, { "origin", model.origin },
            { "dice", summaryJson(model.report.dice) }, { "per_class", perClass },
            { "detection",
                { { "sensitivity", model.report.detection.sensitivity },
                    { "specificity", model.report.detection.specificity }, { "auc", model.report.detection.auc },
                    { "threshold", model.report.detection.threshold } } } });
    }
    nlohmann::ordered_json perClass = nlohmann::ordered_json::object();
    for (int c = 1; c < 4; ++c) {
        perClass[core::tumorClassName(c)] = intervalJson(report.classDifference[static_cast<size_t>(c)]);
    }
    const nlohmann::ordered_json json = { { "models", models }, { "paired_images", report.pairedImages },
        { "difference_b_minus_a", intervalJson(report.difference) }, { "difference_per_class", perClass },
        { "wilcoxon",
            { { "w_plus", report.wilcoxon.statistic }, { "pairs", report.wilcoxon.pairs }, { "z", report.wilcoxon.z },
                { "p_value", report.wilcoxon.pValue }, { "exact", report.wilcoxon.exact } } },
        { "detection_mcnemar",
            { { "images", report.detectionPairs }, { "only_a_correct", report.mcnemar.onlyFirstCorrect },
                { "only_b_correct", report.mcnemar.onlySecondCorrect }, { "chi_square", report.mcnemar.statistic },
                { "p_value", report.mcnemar.pValue } } },
        { "disagreements", report.disagreements } };
    return core::jsonText(json, 2) + "\n";
}

} // namespace dinolens::inference
