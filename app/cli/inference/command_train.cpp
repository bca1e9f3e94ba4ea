// `dinolens-cli train`: trains a segmentation head on a frozen backbone (see inference/trainer.h), with a
// progress bar (loss, learning rate, ETA) on a terminal and one line per epoch (train and validation metrics).
// Ctrl-C stops after the batch in progress; the last epoch's checkpoint stays and `--resume` continues from it.
// Under torchrun or srun, or with --rank and --world-size, it runs as one rank of a distributed group
// (inference/distributed.h): it prints "rank R of W" first, and only rank 0 shows progress and writes the run.
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
    inference::DistributedFlags distributed;
    CLI::Option* rankOption = nullptr;
    CLI::Option* worldSizeOption = nullptr;
    CLI::Option* masterAddressOption = nullptr;
    CLI::Option* masterPortOption = nullptr;
    CLI::Option* timeoutOption = nullptr;
    int rank = 0;
    int worldSize = 1;
    std::string masterAddress;
    int masterPort = 0;
    int timeoutSeconds = 300;
};

// The launch from torchrun's or SLURM's environment, with the flags given on the command line on top.
core::Result<inference::DistributedLaunch> launchOf(const TrainOptions& options)
{
    inference::DistributedFlags flags;
    const auto given = [](const CLI::Option* option) { return option != nullptr && option->count() > 0; };
    if (given(options.rankOption)) {
        flags.rank = options.rank;
    }
    if (given(options.worldSizeOption)) {
        flags.worldSize = options.worldSize;
    }
    if (given(options.masterAddressOption)) {
        flags.masterAddress = options.masterAddress;
    }
    if (given(options.masterPortOption)) {
        flags.masterPort = options.masterPort;
    }
    if (given(options.timeoutOption)) {
        flags.timeoutSeconds = options.timeoutSeconds;
    }
    return inference::discoverLaunch(flags, inference::processEnvironment());
}

void printSummary(const TrainOptions& options, const inference::TrainingSummary& summary)
{
    const inference::TrainingDataReport& data = summary.data;
    std::printf("%s: %d images used (%d without tumour, %d undecodable, %d without label, %d unreadable labels, %d "
                "polygons skipped), "
                "%d validation images; features %.1f s (%d from disk cache); epochs %.1f s%s\n",
        options.out.c_str(), data.images, data.imagesWithoutTumour, data.undecodableImages, data.missingLabels,
        data.invalidLabels, data.skippedPolygons, summary.validationData.images, summary.featureSeconds,
        summary.featuresFromDisk, summary.trainingSeconds,
        summary.cancelled ? "; interrupted: resume with --resume" : "");
    if (summary.worldSize > 1) {
        const double perStep
            = summary.steps > 0 ? 1000.0 * summary.allReduceSeconds / static_cast<double>(summary.steps) : 0.0;
        std::printf("%d ranks: all-reduce %.2f s over %lld steps (%.2f ms per step, %.0f%% of the epochs)\n",
            summary.worldSize, summary.allReduceSeconds, static_cast<long long>(summary.steps), perStep,
            summary.trainingSeconds > 0.0 ? 100.0 * summary.allReduceSeconds / summary.trainingSeconds : 0.0);
    }
}

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
    auto launch = launchOf(options);
    if (!launch) {
        std::fprintf(stderr, "dinolens-cli: train: %s\n", launch.error().message.c_str());
        return 2;
    }
    if (launch->isDistributed()) {
        std::printf("%s\n", inference::describeLaunch(*launch).c_str());
        std::fflush(stdout);
    }
    core::CancelToken cancel;
    std::optional<InterruptCancels> interrupt(std::in_place, cancel);
    // Rank 0 speaks for the group; the others report only warnings and errors.
    inference::TrainingCallbacks callbacks;
    ProgressLine loading("preparing");
    if (launch->isMain()) {
        callbacks = terminalTrainingCallbacks(options.config.epochs);
        callbacks.progress = loading.sink();
    }
    const std::string prefix = launch->isDistributed() ? "rank " + std::to_string(launch->rank) + ": " : "";
    callbacks.onWarning = [prefix](const std::string& message) {
        std::fprintf(stderr, "\ndinolens-cli: train: %swarning: %s\n", prefix.c_str(), message.c_str());
    };
    auto summary = inference::trainSegmentationHead(options.config, options.out,
        { .resume = options.resume, .callbacks = callbacks, .cancel = cancel, .launch = *launch });
    interrupt.reset();
    if (!summary) {
        core::Error error = summary.error();
        if (error.message.rfind("rank ", 0) != 0) {
            error.message = prefix + error.message;
        }
        return reportError(error);
    }
    if (launch->isMain()) {
        printSummary(options, *summary);
    }
    return summary->cancelled ? 130 : 0;
}

void addDistributedOptions(CLI::App& command, TrainOptions& options)
{
    options.rankOption = command.add_option("--rank", options.rank,
        "This process's rank in a distributed run (default: torchrun's RANK or SLURM's SLURM_PROCID)");
    options.worldSizeOption = command.add_option(
        "--world-size", options.worldSize, "Processes in a distributed run (default: WORLD_SIZE or SLURM_NTASKS)");
    options.masterAddressOption = command.add_option("--master-addr", options.masterAddress,
        "Host of rank 0's rendezvous store (default: MASTER_ADDR, SLURM's first node, 127.0.0.1)");
    options.masterPortOption = command.add_option(
        "--master-port", options.masterPort, "Port of the rendezvous store (default: MASTER_PORT or 29500)");
    options.timeoutOption = command.add_option("--dist-timeout", options.timeoutSeconds,
        "Seconds a distributed run waits for a rank before it stops with an error (default 300)");
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
    addDistributedOptions(*command, *options);
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
