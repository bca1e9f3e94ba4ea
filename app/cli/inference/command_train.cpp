// `dinolens-cli train`: trains a segmentation head on a frozen backbone (see inference/trainer.h), with a
// progress bar (loss, learning rate, ETA) on a terminal and one line per epoch (train and validation metrics).
// Ctrl-C stops after the batch in progress; the last epoch's checkpoint stays and `--resume` continues from it.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>

#include "cli_output.h"
#include "dinolens/inference/trainer.h"
#include "training_commands.h"
#include "training_progress.h"

namespace dinolens::app {
namespace {

struct TrainOptions {
    inference::TrainingConfig config;
    DataOptions data;
    std::string out;
    std::string featureCache;
    std::string device = "cpu";
    bool noValidation = false;
    bool resume = false;
};

int runTrain(TrainOptions& options)
{
    auto datasets = datasetsFromOptions(options.data);
    if (!datasets) {
        return reportError(datasets.error());
    }
    options.config.datasets = std::move(*datasets);
    options.config.featureCacheDir = options.featureCache;
    // Without CUDA, the trainer refuses "cuda" with Backbone::load's message before it writes anything.
    options.config.device = inference::computeDeviceFromName(options.device).value_or(inference::ComputeDevice::Cpu);
    if (options.noValidation) {
        options.config.validSplit.clear();
    }
    core::CancelToken cancel;
    std::optional<InterruptCancels> interrupt(std::in_place, cancel);
    inference::TrainingCallbacks callbacks = terminalTrainingCallbacks(options.config.epochs);
    ProgressLine loading("preparing");
    callbacks.progress = loading.sink();
    callbacks.onWarning = [](const std::string& message) {
        std::fprintf(stderr, "\ndinolens-cli: train: warning: %s\n", message.c_str());
    };
    auto summary = inference::trainSegmentationHead(options.config, options.out, options.resume, callbacks, cancel);
    interrupt.reset();
    if (!summary) {
        return reportError(summary.error());
    }
    const inference::TrainingDataReport& data = summary->data;
    std::printf("%s: %d images used (%d without tumour, %d undecodable, %d without label, %d unreadable labels, %d polygons skipped), "
                "%d validation images; features %.1f s (%d from disk cache); epochs %.1f s%s\n",
        options.out.c_str(), data.images, data.imagesWithoutTumour, data.undecodableImages, data.missingLabels, data.invalidLabels,
        data.skippedPolygons, summary->validationData.images, summary->featureSeconds, summary->featuresFromDisk,
        summary->trainingSeconds, summary->cancelled ? "; interrupted: resume with --resume" : "");
    return summary->cancelled ? 130 : 0;
}

} // namespace

void registerTrainCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<TrainOptions>();
    inference::TrainingConfig& c = options->config;
    CLI::App* command = app.add_subcommand("train", "Train a segmentation head on a frozen DINO backbone");
    addDataOptions(*command, options->data, false);
    command->add_option("--split", c.split, "Split to train on")->capture_default_str();
    command
        ->add_option("--valid-split", c.validSplit,
            "Split scored after every epoch (validation loss and Dice; a missing split only warns)")
        ->capture_default_str();
    command->add_flag("--no-validation", options->noValidation, "Do not validate after each epoch");
    command->add_option("--valid-max-images", c.validMaxImages, "Validate on the first N images only (0 = all)");
    command
        ->add_option("--base-model", c.baseModel,
            "Snapshot folder, config.json weights.safetensors, random-small, random:<known name>, or an "
            "architecture config.json (random weights; with --train-backbone: training from scratch)")
        ->expected(1, 2)
        ->capture_default_str();
    command->add_option("--epochs", c.epochs)->capture_default_str();
    command->add_option("--batch-size", c.batchSize)->capture_default_str();
    command->add_option("--lr", c.learningRate, "Peak AdamW learning rate")->capture_default_str();
    command->add_option("--weight-decay", c.weightDecay)->capture_default_str();
    command->add_option("--warmup", c.warmupFraction, "Warm-up share of all steps")->capture_default_str();
    command->add_option("--resolution", c.resolution, "Working resolution in pixels")->capture_default_str();
    command->add_flag("--augment", c.augment, "Flips, rotation, scale, intensity/contrast jitter (no feature cache)");
    command->add_flag("--augment-mri", c.augmentMri,
        "With --augment: also gamma, bias field, lower resolution, blur and noise, as scanners and protocols vary");
    command
        ->add_option("--slice-planes", c.slicePlanes,
            "Volume datasets: train on the acquired plane only, or on all three (reformatted planes at their true "
            "physical aspect)")
        ->check(CLI::IsMember({ "acquired", "all" }))
        ->capture_default_str();
    command->add_flag("--train-backbone", c.trainBackbone,
        "Train the DINOv3 backbone with the head (no feature cache; from scratch for a random base model)");
    command->add_option("--dropout", c.dropout, "Head dropout")->capture_default_str();
    command->add_option("--seed", c.seed)->capture_default_str();
    command->add_option("--threads", c.threads, "Compute threads (0 = one per core)")->capture_default_str();
    command
        ->add_option("--device", options->device,
            "Where the frozen backbone runs (feature caching, augmented batches, validation): cpu or cuda; the "
            "head and a trained backbone train on the CPU")
        ->check(CLI::IsMember({ "cpu", "cuda" }))
        ->capture_default_str();
    command->add_option("--max-images", c.maxImages, "Use only the first N images (0 = all)");
    command->add_option("--feature-cache", options->featureCache, "Folder for cached backbone features");
    command->add_flag("--resume", options->resume, "Continue the run in --out from its last checkpoint");
    command->add_option("--out", options->out, "Run folder")->required();
    command->callback([options, &exitCode] {
        if (!options->resume && options->data.roots.empty()) {
            std::fprintf(stderr, "dinolens-cli: train: --data is required (except with --resume)\n");
            exitCode = 2;
            return;
        }
        exitCode = runTrain(*options);
    });
}

} // namespace dinolens::app
