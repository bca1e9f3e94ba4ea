// `dinolens-cli bench backbone`: DINOv2-B/14 and DINOv3-B/16 with random weights of the real shapes; ms per
// image, GFLOP/s and the share of this machine's sgemm rate measured in the same run, the growth of DINOv3's
// time with resolution against its FLOP growth, and the peak resident memory of the base model at batch 1.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <thread>

#include "cli_output.h"
#include "dinolens/inference/benchmark.h"
#include "dinolens/inference/model_registry.h"
#include "inference_commands.h"

namespace dinolens::app {
namespace {

struct BenchOptions {
    int threads = 0;
    int repeats = 3;
    bool quick = false; // skip 896 x 896
};

struct Case {
    const char* model;
    int64_t batch;
    int64_t side;
};

void printRow(const char* model, const inference::ForwardMeasurement& m, double sgemm)
{
    std::printf("%-16s %5lldx%-5lld %5lld %10.1f %10.2f %9.1f %8.1f%%\n", model, static_cast<long long>(m.height),
        static_cast<long long>(m.width), static_cast<long long>(m.batch), m.millisecondsPerImage(),
        m.flopsPerImage / 1e9, m.gflops(), 100.0 * m.gflops() / sgemm);
}

void printSummary(const std::vector<inference::ForwardMeasurement>& dinov3Batch1, int64_t peakAfterFirst)
{
    for (size_t i = 1; i < dinov3Batch1.size(); ++i) {
        const auto& base = dinov3Batch1.front();
        const auto& m = dinov3Batch1[i];
        std::printf("dinov3-vitb16 %lld vs %lld: time x%.2f, FLOPs x%.2f\n", static_cast<long long>(m.height),
            static_cast<long long>(base.height), m.secondsPerBatch / base.secondsPerBatch,
            m.flopsPerImage / base.flopsPerImage);
    }
    std::printf("peak resident memory after dinov2-base batch 1 at 224: %.0f MB (goal <= 1024 MB); at the end: "
                "%.0f MB\n",
        static_cast<double>(peakAfterFirst) / 1048576.0,
        static_cast<double>(inference::peakResidentBytes()) / 1048576.0);
    std::printf("goals: >= 70%% of sgemm at batch 8, >= 50%% at batch 1\n");
}

int runBench(const BenchOptions& options)
{
    const int threads
        = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    inference::setComputeThreads(threads);
    auto sgemm = inference::measureSgemm();
    if (!sgemm) {
        return reportError(sgemm.error());
    }
    std::printf("bench backbone: random weights of the real shapes, float32, CPU, %d threads, best of %d\n",
        inference::computeThreads(), options.repeats);
    std::printf("sgemm %lld^3: at::mm (LibTorch BLAS) %.1f GFLOP/s, %s sgemm (used by the backbone) %.1f GFLOP/s\n",
        static_cast<long long>(sgemm->size), sgemm->atenGflops, sgemm->backend.c_str(), sgemm->backendGflops);
    std::printf("%% of sgemm below = against the faster, %.1f GFLOP/s\n", sgemm->gflops());
    std::printf("%-16s %11s %5s %10s %10s %9s %9s\n", "model", "input", "batch", "ms/image", "GFLOP/img", "GFLOP/s",
        "of sgemm");
    std::vector<Case> cases = { { "dinov2-base", 1, 224 }, { "dinov2-base", 8, 224 }, { "dinov3-vitb16", 1, 224 },
        { "dinov3-vitb16", 8, 224 }, { "dinov3-vitb16", 1, 448 }, { "dinov3-vitb16", 1, 896 } };
    if (options.quick) {
        cases.pop_back();
    }
    std::vector<inference::ForwardMeasurement> dinov3Batch1;
    int64_t peakAfterFirst = 0;
    std::string loaded;
    std::unique_ptr<inference::Backbone> backbone;
    for (const Case& c : cases) {
        if (loaded != c.model) {
            backbone.reset(); // free the previous model before the next one exists
            auto config = inference::knownCheckpointConfig(c.model);
            auto created = config ? inference::Backbone::createRandom(*config, 7) : config.error();
            if (!created) {
                return reportError(created.error());
            }
            backbone = std::make_unique<inference::Backbone>(std::move(created).value());
            loaded = c.model;
        }
        const int repeats = c.side > 448 ? 1 : options.repeats;
        auto measured = inference::measureForward(*backbone, c.batch, c.side, c.side, repeats);
        if (!measured) {
            return reportError(measured.error());
        }
        if (peakAfterFirst == 0) {
            peakAfterFirst = inference::peakResidentBytes();
        }
        printRow(c.model, *measured, sgemm->gflops());
        if (loaded == "dinov3-vitb16" && c.batch == 1) {
            dinov3Batch1.push_back(*measured);
        }
    }
    printSummary(dinov3Batch1, peakAfterFirst);
    if (auto after = inference::measureSgemm()) {
        std::printf(
            "sgemm re-measured after the runs: %.1f GFLOP/s (a large change means a busy machine)\n", after->gflops());
    }
    return 0;
}

} // namespace

void registerBackboneBenchmark(CLI::App& bench, int& exitCode)
{
    auto options = std::make_shared<BenchOptions>();
    CLI::App* command = bench.add_subcommand("backbone", "Forward-pass speed of DINOv2-B/14 and DINOv3-B/16");
    command->add_option("--threads", options->threads, "Compute threads (0 = one per core)");
    command->add_option("--repeats", options->repeats, "Timed repeats per case (best is reported)")
        ->check(CLI::PositiveNumber);
    command->add_flag("--quick", options->quick, "Skip the 896 x 896 case");
    command->callback([options, &exitCode] { exitCode = runBench(*options); });
}

} // namespace dinolens::app
