// `dinolens-cli evaluate`: a trained run on a dataset split: image folders and packed datasets per image, datalists
// of volumes per case (imaging build). Metrics on the terminal and in --out; figures where the images are at hand.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli_output.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/core/data_location.h"
#include "dinolens/core/datalist.h"
#include "dinolens/core/json_text.h"
#include "dinolens/inference/dataset_pack.h"
#ifdef DINOLENS_WITH_IMAGING
#include "dinolens/inference/evaluation_figures.h"
#endif
#include "dinolens/inference/model_folders.h"
#include "dinolens/inference/segmentation_evaluation.h"
#include "training_commands.h"

namespace dinolens::app {
namespace {

struct EvaluateOptions {
    std::string run;
    DataOptions data;
    std::string split = "valid";
    std::string out;
    int maxImages = 0;
    int threads = 0;
    bool calibrate = false;
};

void printSummary(const char* name, const core::MetricSummary& summary)
{
    std::printf("  %-22s %.4f +- %.4f (n = %d)\n", name, summary.mean, summary.std, summary.count);
}

core::Status writeText(const std::filesystem::path& path, const std::string& text)
{
    return core::writeFileAtomically(path, text);
}

std::string describeRoots(const std::vector<std::string>& roots)
{
    std::string described;
    for (const std::string& root : roots) {
        described += (described.empty() ? "" : ", ") + root;
    }
    return described;
}

int runEvaluate(const EvaluateOptions& options)
{
    const auto isDatalist = [](const std::string& root) { return core::isDatalistFile(root); };
    const long datalists = std::count_if(options.data.roots.begin(), options.data.roots.end(), isDatalist);
#ifdef DINOLENS_WITH_IMAGING
    if (datalists > 0) {
        if (datalists != static_cast<long>(options.data.roots.size())) {
            return reportError(core::makeError(core::ErrorCode::InvalidArgument,
                "evaluate scores datalists of volumes in 3-D and image folders per image: give one kind per run"));
        }
        return evaluateVolumeDatalists(
            options.run, options.data.roots, options.split, options.out, options.maxImages, options.threads);
    }
#else
    if (datalists > 0) {
        return reportError(core::makeError(core::ErrorCode::UnsupportedFormat,
            "this build evaluates packed datasets only: pack the volumes' slices with `dinolens-cli pack` on a full "
            "build (volume scores in 3-D need the full build)"));
    }
#endif
    auto predictor = inference::SegmentationPredictor::open(options.run, { .threads = options.threads });
    if (!predictor) {
        return reportError(predictor.error());
    }
    ProgressLine line("evaluating");
    const std::vector<std::string>& roots = options.data.roots.empty()
        ? std::vector<std::string> { (core::dataRoot() / "brain-tumor").string() }
        : options.data.roots;
    inference::SegmentationEvaluationOptions evaluation;
    evaluation.dataRoots.assign(roots.begin(), roots.end());
    evaluation.split = options.split;
    evaluation.maxImages = options.maxImages;
    evaluation.progress = line.sink();
    auto report = inference::evaluateSegmentation(*predictor, evaluation);
    if (report && options.calibrate) {
        // The scores do not depend on the threshold: calibrate on them, store it, and score again with it.
        inference::DetectionSettings settings = predictor->detection();
        std::vector<core::ScoredCase> cases;
        for (const inference::ImageEvaluation& image : report->images) {
            cases.push_back({ image.tumorProbability, image.truthClass > 0 });
        }
        settings.threshold = core::calibrateThreshold(cases);
        settings.validation = core::summarizeDetection(cases, settings.threshold);
        settings.calibrated = true;
        settings.calibratedOn = options.split + " split of " + describeRoots(roots)
            + " at each image's own size: " + std::to_string(cases.size()) + " images ("
            + std::to_string(settings.validation.negatives) + " without tumour)";
        const auto runDir = inference::resolveRunFolder(options.run);
        if (auto status = runDir ? inference::writeDetectionSettings(*runDir, settings) : runDir.error(); !status) {
            return reportError(status.error());
        }
        std::printf("calibrated threshold %.4f written to %s/%s\n", settings.threshold, options.run.c_str(),
            inference::kDetectionFile);
        predictor->setDetection(settings);
        report = inference::evaluateSegmentation(*predictor, evaluation);
    }
    if (!report) {
        return reportError(report.error());
    }
    const std::string described = describeRoots(roots);
    std::printf("%s on %s (%s): %zu images (%d without tumour, %d skipped)\n", options.run.c_str(), described.c_str(),
        options.split.c_str(), report->images.size(), report->imagesWithoutTumor, report->skipped);
    printSummary("Dice (labelled class)", report->dice);
    for (int c = 1; c < core::kTumorClassCount; ++c) {
        printSummary(
            (std::string("Dice ") + core::tumorClassName(c)).c_str(), report->perClassDice[static_cast<size_t>(c)]);
    }
    printSummary("Dice (any tumour)", report->tumorDice);
    printSummary("IoU (any tumour)", report->tumorIou);
    printSummary("HD95 (px = mm)", report->hd95);
    std::printf(
        "  tumour type accuracy   %.4f (rows truth none/g/m/p, columns prediction)\n", report->confusion.accuracy());
    for (const auto& row : report->confusion.counts()) {
        std::printf("    %6d %6d %6d %6d\n", row[0], row[1], row[2], row[3]);
    }
    const core::DetectionSummary& detection = report->detection;
    std::printf("  detection              sensitivity %.4f (n = %d), specificity %.4f (n = %d), AUC %.4f, threshold "
                "%.4f%s\n",
        detection.sensitivity, detection.positives, detection.specificity, detection.negatives, detection.auc,
        detection.threshold, predictor->detection().calibrated ? "" : " (uncalibrated)");
    if (detection.negatives > 0) {
        std::printf("  false-positive area    %.5f +- %.5f of an image without tumour\n",
            report->falsePositiveAreaFraction.mean, report->falsePositiveAreaFraction.std);
    }
    if (!options.out.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options.out, error);
        const std::filesystem::path out = options.out;
        for (auto status : { writeText(out / "metrics.json", inference::evaluationReportJson(*report)),
                 writeText(out / "per_image.csv", inference::evaluationImagesCsv(*report)) }) {
            if (!status) {
                return reportError(status.error());
            }
        }
#ifdef DINOLENS_WITH_IMAGING
        const bool packed = std::any_of(
            roots.begin(), roots.end(), [](const std::string& root) { return inference::isDatasetPack(root); });
        if (!packed) { // figures draw the images from their files
            const std::vector<inference::EvaluatedModel> models
                = { { std::filesystem::path(options.run).filename().string(), &*predictor, &*report } };
            if (auto status = inference::writeDiceBoxPlot(out / "dice_per_class.png", models); !status) {
                return reportError(status.error());
            }
            auto worst = inference::writeCaseMontage(out / "worst_cases.png", models, 8);
            if (!worst && worst.error().code != core::ErrorCode::InvalidArgument) {
                return reportError(worst.error());
            }
            std::printf("wrote metrics.json, per_image.csv, dice_per_class.png%s in %s\n",
                worst ? " and worst_cases.png" : "", out.c_str());
            return 0;
        }
#endif
        std::printf("wrote metrics.json and per_image.csv in %s\n", out.c_str());
    }
    return 0;
}

} // namespace

void registerEvaluateCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<EvaluateOptions>();
    CLI::App* command = app.add_subcommand("evaluate", "Evaluate a trained run on a dataset split");
    command->add_option("--run,--model", options->run, "Run folder written by train, or demo (the shipped model)")
        ->required();
    addDataOptions(*command, options->data, false); // default: the tumour set of the data folder
    command->add_option("--split", options->split)->capture_default_str();
    command->add_option("--out", options->out,
        "Write metrics.json, per_image.csv (per_case.csv for datalists), dice_per_class.png and worst_cases.png here");
    command->add_option(
        "--max-images", options->maxImages, "Only the first N images, or cases of a datalist (0 = all)");
    command->add_option("--threads", options->threads, "Compute threads (0 = one per core)");
    command->add_flag("--calibrate", options->calibrate,
        "Calibrate the run's tumour-detection threshold on these images (with and without tumour), store it in the "
        "run folder (detection.json), and report the figures with it");
    command->callback([options, &exitCode] { exitCode = runEvaluate(*options); });
}

} // namespace dinolens::app
