// `dinolens-cli pack`: datasets' splits decoded, windowed and resampled once into a packed dataset
// (inference/dataset_pack.h) that any build trains and evaluates on, the one for machines with only PyTorch included.
#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "dinolens/inference/dataset_pack.h"
#include "training_commands.h"

namespace dinolens::app {
namespace {

struct PackOptions {
    DataOptions data;
    std::vector<std::string> splits { "train", "valid", "test" };
    std::string out;
    int resolution = 224;
    std::string slicePlanes = "acquired";
    int maxImages = 0;
};

int runPack(const PackOptions& options)
{
    auto datasets = datasetsFromOptions(options.data);
    if (!datasets) {
        return reportError(datasets.error());
    }
    ProgressLine line("packing");
    inference::DatasetPackOptions pack;
    pack.datasets = *datasets;
    pack.splits = options.splits;
    pack.resolution = options.resolution;
    pack.slicePlanes = options.slicePlanes;
    pack.maxImages = options.maxImages;
    pack.progress = line.sink();
    auto summary = inference::writeDatasetPack(options.out, pack);
    if (!summary) {
        return reportError(summary.error());
    }
    for (const inference::DatasetPackSplit& split : summary->splits) {
        std::printf("%-6s %6d samples at %d x %d (%d without tumour, %d skipped)\n", split.name.c_str(), split.samples,
            options.resolution, options.resolution, split.samplesWithoutTumour, split.skipped);
    }
    for (const std::string& absent : summary->absentSplits) {
        std::printf("%-6s not in these datasets: left out\n", absent.c_str());
    }
    std::printf("wrote %s (%.1f MB)\n", options.out.c_str(), static_cast<double>(summary->bytes) / 1e6);
    return 0;
}

} // namespace

void registerPackCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<PackOptions>();
    CLI::App* command = app.add_subcommand("pack",
        "Decode datasets' splits once into a packed dataset (.safetensors) that train and evaluate read, also in the "
        "build for machines with only PyTorch (preset inference-only)");
    addDataOptions(*command, options->data, true);
    command->add_option("--split", options->splits, "Splits to pack (those a dataset lacks are left out)")
        ->capture_default_str();
    command->add_option("--out", options->out, "The packed dataset to write (.safetensors)")
        ->required()
        ->check([](const std::string& path) {
            return inference::isDatasetPack(path) ? std::string() : std::string("the pack must end in .safetensors");
        });
    command->add_option("--resolution", options->resolution, "Working resolution in pixels (train's --resolution)")
        ->capture_default_str()
        ->check(CLI::Range(14, 4096));
    command
        ->add_option("--slice-planes", options->slicePlanes,
            "Volumes' training split: acquired slices, or all three planes (train's --slice-planes); the other "
            "splits hold the acquired plane")
        ->capture_default_str()
        ->check(CLI::IsMember({ "acquired", "all" }));
    command->add_option("--max-images", options->maxImages, "Only the first N samples of each split (0 = all)");
    command->callback([options, &exitCode] { exitCode = runPack(*options); });
}

} // namespace dinolens::app
