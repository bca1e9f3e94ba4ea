// `dinolens-cli golden`: the backbone engine against the reference outputs of a golden folder, on the CPU or CUDA;
// `dinolens-cli diff-tensors`: two safetensors files tensor by tensor. Exit code 1 when anything is over tolerance.
#include <cmath>
#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "dinolens/core/data_location.h"
#include "dinolens/inference/golden_check.h"
#include "inference_commands.h"

namespace dinolens::app {
namespace {

struct GoldenOptions {
    std::string folder;
    std::string device = "cpu";
    int threads = 0;
};

struct DiffOptions {
    std::string first;
    std::string second;
    double tolerance = 1e-5;
};

void printDifference(const inference::TensorDifference& difference, double tolerance)
{
    if (!difference.problem.empty()) {
        std::printf("  %-26s %s  FAIL\n", difference.name.c_str(), difference.problem.c_str());
        return;
    }
    std::printf("  %-26s max|diff| = %.3g%s\n", difference.name.c_str(), difference.maxAbsDifference,
        difference.maxAbsDifference <= tolerance ? "" : "  FAIL");
}

int runGolden(const GoldenOptions& options)
{
    inference::BackboneOptions backbone;
    backbone.threads = options.threads;
    backbone.device = options.device == "cuda" ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu;
    const std::filesystem::path folder
        = options.folder.empty() ? core::dataRoot() / "golden" : std::filesystem::path(options.folder);
    auto results = inference::runGoldenCases(folder, backbone);
    if (!results) {
        return reportError(results.error());
    }
    int failed = 0;
    for (const inference::GoldenCaseResult& result : *results) {
        std::printf("%s (%s) on %s: %s\n", result.name.c_str(), result.model.c_str(), options.device.c_str(),
            result.passed() ? "passed" : "FAILED");
        for (const inference::TensorDifference& output : result.outputs) {
            printDifference(output, result.tolerance);
        }
        failed += result.passed() ? 0 : 1;
    }
    std::printf("%zu golden cases, %d failed\n", results->size(), failed);
    return failed == 0 ? 0 : 1;
}

int runDiff(const DiffOptions& options)
{
    auto differences = inference::compareSafetensors(options.first, options.second);
    if (!differences) {
        return reportError(differences.error());
    }
    int failed = 0;
    for (const inference::TensorDifference& difference : *differences) {
        printDifference(difference, options.tolerance);
        failed += difference.maxAbsDifference <= options.tolerance ? 0 : 1;
    }
    std::printf("%zu tensors, %d over %.3g\n", differences->size(), failed, options.tolerance);
    return failed == 0 ? 0 : 1;
}

} // namespace

void registerGoldenCommands(CLI::App& app, int& exitCode)
{
    auto golden = std::make_shared<GoldenOptions>();
    CLI::App* command = app.add_subcommand(
        "golden", "Check the DINOv2/DINOv3 forward pass against reference outputs (every case of a golden folder)");
    command->add_option("--dir", golden->folder, "Golden folder with manifest.json (default: <data>/golden)");
    command->add_option("--device", golden->device, "cpu or cuda")->check(CLI::IsMember({ "cpu", "cuda" }));
    command->add_option("--threads", golden->threads, "Compute threads (0 = LibTorch's setting)");
    command->callback([golden, &exitCode] { exitCode = runGolden(*golden); });

    auto diff = std::make_shared<DiffOptions>();
    CLI::App* diffCommand = app.add_subcommand("diff-tensors",
        "Compare two safetensors files tensor by tensor (largest absolute difference); exit 1 over tolerance");
    diffCommand->add_option("first", diff->first)->required();
    diffCommand->add_option("second", diff->second)->required();
    diffCommand->add_option("--tolerance", diff->tolerance)->capture_default_str();
    diffCommand->callback([diff, &exitCode] { exitCode = runDiff(*diff); });
}

} // namespace dinolens::app
