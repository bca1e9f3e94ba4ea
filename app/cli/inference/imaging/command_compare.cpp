// `dinolens-cli compare --data <dataset> --models <A> <B>`: the DINOv2-vs-DINOv3 benchmark (backbone_comparison.h).
// Heads it trains print one line per epoch with their validation numbers (on the evaluation split by default).
#include <cstdio>
#include <memory>
#include <optional>

#include "cli_output.h"
#include "dinolens/inference/backbone_comparison.h"
#include "training_commands.h"
#include "training_progress.h"

namespace dinolens::app {
namespace {

void printModel(const inference::ComparedModel& model)
{
    std::printf("%-28s %-20s Dice %.4f +- %.4f (n = %d)\n", model.name.c_str(), model.origin.c_str(),
        model.report.dice.mean, model.report.dice.std, model.report.dice.count);
}

int runCompare(inference::ComparisonOptions options)
{
    std::optional<InterruptCancels> interrupt(std::in_place, options.cancel);
    inference::TrainingCallbacks callbacks = terminalTrainingCallbacks(options.schedule.epochs);
    ProgressLine preparing("preparing");
    callbacks.progress = preparing.sink();
    ProgressLine evaluating("evaluating");
    options.evaluationProgress = evaluating.sink();
    auto report = inference::compareModels(options, callbacks);
    interrupt.reset();
    if (!report) {
        return reportError(report.error());
    }
    for (const auto& model : report->models) {
        printModel(model);
    }
    std::printf("paired difference %s - %s over %d images: %+.4f, 95%% CI [%+.4f, %+.4f]; Wilcoxon p = %.3g\n",
        report->models[1].name.c_str(), report->models[0].name.c_str(), report->pairedImages, report->difference.mean,
        report->difference.lower, report->difference.upper, report->wilcoxon.pValue);
    std::printf("report: %s\n", (options.outDir / "report.md").c_str());
    return 0;
}

} // namespace

void registerCompareCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<inference::ComparisonOptions>();
    inference::TrainingConfig& c = options->schedule;
    c.baseModel.clear();
    CLI::App* command = app.add_subcommand("compare",
        "Train one head per backbone with the same split, seed and schedule (or reuse runs), evaluate both and "
        "report the paired difference");
    auto data = std::make_shared<DataOptions>();
    addDataOptions(*command, *data, true);
    command
        ->add_option("--models", options->models,
            "Two models: trained run folders (reused) or base models (snapshot folder, random:<name>, ...)")
        ->expected(2)
        ->required();
    command->add_option("--split", c.split, "Split the heads train on")->capture_default_str();
    command->add_option("--eval-split", options->evaluationSplit, "Split both models are scored on")
        ->capture_default_str();
    command->add_option("--valid-split", c.validSplit,
        "Split the heads are validated on after every epoch (default: the --eval-split; \"\" for none)");
    command->add_option(
        "--valid-max-images", c.validMaxImages, "Validate on the first N images only (default: --eval-max-images)");
    command->add_option("--epochs", c.epochs)->capture_default_str();
    command->add_option("--batch-size", c.batchSize)->capture_default_str();
    command->add_option("--lr", c.learningRate, "Peak AdamW learning rate")->capture_default_str();
    command->add_option("--resolution", c.resolution, "Working resolution in pixels")->capture_default_str();
    command->add_flag("--augment", c.augment, "Augment training batches (no feature cache)");
    command->add_option("--seed", c.seed)->capture_default_str();
    command->add_option("--threads", c.threads, "Compute threads (0 = one per core)");
    command->add_option("--max-images", c.maxImages, "Train on the first N images only (0 = all)");
    command->add_option("--eval-max-images", options->evaluationMaxImages, "Score the first N images only (0 = all)");
    command->add_option("--bootstrap", options->bootstrapResamples, "Bootstrap resamples")->capture_default_str();
    command->add_option("--out", options->outDir, "Report folder (runs are kept in <out>/runs)")->required();
    command->callback([options, data, command, &exitCode] {
        auto datasets = datasetsFromOptions(*data);
        if (!datasets) {
            exitCode = reportError(datasets.error());
            return;
        }
        options->schedule.datasets = std::move(*datasets);
        // The per-epoch validation scores the images the comparison evaluates, unless told otherwise.
        if (command->count("--valid-split") == 0) {
            options->schedule.validSplit = options->evaluationSplit;
        }
        if (command->count("--valid-max-images") == 0) {
            options->schedule.validMaxImages = options->evaluationMaxImages;
        }
        exitCode = runCompare(*options);
    });
}

} // namespace dinolens::app
