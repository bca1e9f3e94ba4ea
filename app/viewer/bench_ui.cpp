// `dinolens --bench-ui`: slice render time of the real SliceView and the longest GUI-thread stall while the
// viewer's background job segments a real series. Without --model (and without the demo model) a tiny run is
// trained first with `dinolens-cli train` (random-small backbone, a few images, one epoch).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "bench_ui.h"
#include "dinolens/core/data_location.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/ui/ui_benchmark.h"

namespace dinolens::app {
namespace {

struct UiBenchOptions {
    ui::UiBenchmarkOptions bench;
    bool skipStall = false;
};

/// Trains a throw-away run into `runDir` with the dinolens-cli beside this executable; "" on success.
std::string trainTinyRun(const std::filesystem::path& runDir)
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return "cannot find this executable to train a model: " + error.message();
    }
    const std::string command = "'" + (self.parent_path() / "dinolens-cli").string() + "' train --data '"
        + (core::dataRoot() / "brain-tumor").string()
        + "' --base-model random-small --epochs 1 --batch-size 4 --max-images 8 --resolution 112 --threads 1 --out '"
        + runDir.string() + "' > /dev/null 2>&1";
    if (std::system(command.c_str()) != 0 || !std::filesystem::exists(runDir / "config.json")) {
        return "training the random-small run failed (pass --model <run folder>)";
    }
    return {};
}

const char* verdict(bool pass)
{
    return pass ? "PASS" : "MISS";
}

int runUiBench(UiBenchOptions options)
{
    std::filesystem::path temporary;
    if (!options.skipStall && options.bench.modelDir.empty()
        && std::filesystem::exists(inference::demoModelFolder() / "config.json")) {
        options.bench.modelDir = inference::demoModelFolder().string();
    }
    if (!options.skipStall && options.bench.modelDir.empty()) {
        temporary = std::filesystem::temp_directory_path() / ("dinolens-bench-ui-" + std::to_string(::getpid()));
        std::printf("bench ui: training a random-small run for the stall measurement...\n");
        std::fflush(stdout);
        if (const std::string problem = trainTinyRun(temporary); !problem.empty()) {
            std::fprintf(stderr, "bench ui: %s\n", problem.c_str());
            return 1;
        }
        options.bench.modelDir = temporary.string();
    }
    if (options.skipStall) {
        options.bench.modelDir.clear();
    }
    const ui::UiBenchmarkResult result = ui::runUiBenchmark(options.bench);
    if (!temporary.empty()) {
        std::error_code error;
        std::filesystem::remove_all(temporary, error);
    }
    if (!result.error.empty()) {
        std::fprintf(stderr, "bench ui: %s\n", result.error.c_str());
        return 1;
    }
    const bool renderPass = result.renderP95Ms <= ui::kRenderGoalMs;
    std::printf("slice render 512x512 + overlay (SliceView, %d frames): p50 %.2f ms, p95 %.2f ms, max %.2f ms  "
                "goal p95 <= %.0f ms  %s\n",
        result.renderFrames, result.renderP50Ms, result.renderP95Ms, result.renderMaxMs, ui::kRenderGoalMs,
        verdict(renderPass));
    if (result.stallMeasured) {
        std::printf("GUI stall while segmenting %d slices in the background (%.1f s, %d thread(s)): longest gap "
                    "%.2f ms, p99 %.2f ms  goal <= %.0f ms  %s\n",
            result.segmentedSlices, result.segmentSeconds, options.bench.threads, result.stallMaxMs, result.stallP99Ms,
            ui::kStallGoalMs, verdict(result.stallMaxMs <= ui::kStallGoalMs));
    } else {
        std::printf("GUI stall: not measured (--no-stall)\n");
    }
    return 0;
}

} // namespace

bool isUiBenchmarkCommand(int argc, char** argv)
{
    return argc >= 2 && std::string_view(argv[1]) == "--bench-ui";
}

int runUiBenchmarkCommand(int argc, char** argv)
{
    auto options = std::make_shared<UiBenchOptions>();
    CLI::App app { "dinolens --bench-ui: viewer responsiveness, slice render time and GUI-thread stalls" };
    app.name("dinolens --bench-ui");
    CLI::App* command = &app;
    command->add_option("--volume", options->bench.volumePath, "NIfTI volume (default: a real brain tumour scan)");
    command->add_option("--mask", options->bench.maskPath, "Its mask (default: the Post_Mask beside it)");
    command->add_option("--model", options->bench.modelDir,
        "Trained run folder (default: the demo model, else a random-small run trained first)");
    command->add_option("--frames", options->bench.renderFrames, "Rendered frames")->check(CLI::PositiveNumber);
    command->add_option("--threads", options->bench.threads, "LibTorch threads of the segmentation job");
    command->add_flag("--no-stall", options->skipStall, "Measure the slice render only");
    try {
        app.parse(argc - 1, argv + 1);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return runUiBench(*options);
}

} // namespace dinolens::app
