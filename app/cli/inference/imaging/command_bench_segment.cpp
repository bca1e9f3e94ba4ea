// `dinolens-cli bench segment`: the whole-process time and peak memory of `dinolens-cli segment` on a volume,
// against the work it cannot avoid: reading the volume and the network's forward passes over the slices segment
// sends, in the same batches (the three planes when it fuses them; measured in this process, with the model
// already loaded, as the time spent inside predictBatch). The difference is the command's overhead: starting up,
// loading the model, windowing, reformatting and fusing, writing the mask, SEG, report and figure.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "cli_output.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/volume_segmentation.h"
#include "training_commands.h"

extern char** environ;

namespace dinolens::app {
namespace {

using Clock = std::chrono::steady_clock;

struct SegmentBenchOptions {
    std::string input = "/usr/share/mricron/templates/ch2.nii.gz";
    std::string model = "demo";
    int threads = 2;
    int batch = 8;
    int repeat = 2;
    inference::SlicePlanes planes = inference::SlicePlanes::Auto;
    std::string out;
};

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpuSeconds(const rusage& usage)
{
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + 1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double processCpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return cpuSeconds(usage);
}

// Wall and CPU time (all threads) of one step.
struct Timing {
    double wall = 0.0;
    double cpu = 0.0;
    Clock::time_point startedAt {};
    double cpuAtStart = 0.0;
    bool measured = false;

    static Timing start() { return { 0.0, 0.0, Clock::now(), processCpuSeconds(), false }; }
    void stop()
    {
        wall = secondsSince(startedAt);
        cpu = processCpuSeconds() - cpuAtStart;
        measured = true;
    }
    void keepFaster(const Timing& other)
    {
        if (!measured || other.wall < wall) {
            wall = other.wall;
        }
        if (!measured || other.cpu < cpu) {
            cpu = other.cpu;
        }
        measured = true;
    }
};

// Runs this executable with `arguments`; the wall time, exit code and the child's peak RSS (KiB).
struct ChildRun {
    double seconds = 0.0;
    double cpuSeconds = 0.0; // user + system, all threads
    int exitCode = -1;
    long peakRssKib = 0;
};

ChildRun runSelf(const std::vector<std::string>& arguments)
{
    std::vector<char*> argv;
    std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    argv.push_back(self.data());
    std::vector<std::string> copies = arguments;
    for (std::string& argument : copies) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    ChildRun run;
    const auto start = Clock::now();
    pid_t pid = 0;
    if (posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        return run;
    }
    int status = 0;
    rusage usage {};
    if (wait4(pid, &status, 0, &usage) == pid) {
        run.seconds = secondsSince(start);
        run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        run.peakRssKib = usage.ru_maxrss;
        run.cpuSeconds = cpuSeconds(usage);
    }
    return run;
}

int runSegmentBenchmark(const SegmentBenchOptions& options)
{
    const std::filesystem::path out = options.out.empty()
        ? std::filesystem::temp_directory_path() / ("dinolens-bench-segment-" + std::to_string(getpid()))
        : std::filesystem::path(options.out);
    // The fastest of `repeat` rounds of each measurement is kept (the machine may be shared). The segment processes
    // run first, while this process has not loaded the model: its idle compute threads would compete with theirs.
    ChildRun child;
    for (int round = 0; round < std::max(1, options.repeat); ++round) {
        const ChildRun run = runSelf({ "segment", "--model", options.model, "--threads",
            std::to_string(options.threads), "--batch", std::to_string(options.batch), "--planes",
            inference::slicePlanesName(options.planes), "--out", out.string(), options.input });
        if (options.out.empty()) {
            std::error_code ignored;
            std::filesystem::remove_all(out, ignored);
        }
        if (run.exitCode != 0) {
            std::fprintf(
                stderr, "dinolens-cli: bench segment: the segment command failed (exit code %d)\n", run.exitCode);
            return 1;
        }
        child.seconds = round == 0 ? run.seconds : std::min(child.seconds, run.seconds);
        child.cpuSeconds = round == 0 ? run.cpuSeconds : std::min(child.cpuSeconds, run.cpuSeconds);
        child.peakRssKib = std::max(child.peakRssKib, run.peakRssKib);
    }
    auto predictor = inference::SegmentationPredictor::open(options.model, { .threads = options.threads });
    if (!predictor) {
        return reportError(predictor.error());
    }
    Timing read;
    Timing forward;
    Timing whole; // segmentVolume: the forward passes and the windowing, reformatting and fusing around them
    std::array<int, 3> dims {};
    int slicesRun = 0;
    bool threePlanes = false;
    for (int round = 0; round < std::max(1, options.repeat); ++round) {
        // The unavoidable work: read the volume, then forward passes over its slices in batches.
        Timing readNow = Timing::start();
        core::VolumeLoadOptions load;
        load.threads = static_cast<unsigned>(options.threads);
        auto volume = core::loadVolume(options.input, load);
        if (!volume) {
            return reportError(volume.error());
        }
        readNow.stop();
        dims = volume->dims;
        // The forward passes over exactly the slices segment sends (the three planes when it fuses them), timed
        // inside predictBatch: windowing, reformatting and fusing are the command's overhead.
        Timing forwardNow;
        forwardNow.measured = true;
        int slices = 0;
        const inference::SliceBatchPredictor timed
            = [&](const std::vector<inference::GreySliceView>& views, bool withTumorMap) {
                  Timing batch = Timing::start();
                  auto predictions = predictor->predictBatch(views, { .withTumorMap = withTumorMap });
                  batch.stop();
                  forwardNow.wall += batch.wall;
                  forwardNow.cpu += batch.cpu;
                  slices += static_cast<int>(views.size());
                  return predictions;
              };
        Timing wholeNow = Timing::start();
        auto segmented = inference::segmentVolume(
            timed, predictor->detection(), *volume, { .batch = options.batch, .planes = options.planes });
        wholeNow.stop();
        whole.keepFaster(wholeNow);
        if (!segmented) {
            return reportError(segmented.error());
        }
        slicesRun = slices;
        threePlanes = segmented->threePlanes;
        read.keepFaster(readNow);
        forward.keepFaster(forwardNow);
    }
    rusage self {};
    getrusage(RUSAGE_SELF, &self);
    const double baseline = read.wall + forward.wall;
    const double baselineCpu = read.cpu + forward.cpu;
    std::printf("volume %s: %dx%dx%d, model %s, %d threads, batch %d, planes %s (%s: %d slices), fastest of %d "
                "rounds\n",
        options.input.c_str(), dims[0], dims[1], dims[2], options.model.c_str(), options.threads, options.batch,
        inference::slicePlanesName(options.planes), threePlanes ? "three fused" : "acquired", slicesRun,
        std::max(1, options.repeat));
    std::printf("                          wall (s)  CPU (s)\n");
    std::printf("  read volume             %8.2f %8.2f\n", read.wall, read.cpu);
    std::printf("  forward pass (batches)  %8.2f %8.2f  (%.1f ms wall per slice)\n", forward.wall, forward.cpu,
        1000.0 * forward.wall / static_cast<double>(std::max(1, slicesRun)));
    std::printf("  baseline                %8.2f %8.2f\n", baseline, baselineCpu);
    std::printf("  (segmentVolume in-process %6.2f %8.2f: forward passes plus windowing, planes, fusion)\n", whole.wall,
        whole.cpu);
    std::printf("  segment (whole process) %8.2f %8.2f\n", child.seconds, child.cpuSeconds);
    std::printf("  overhead                %+7.1f%% %+7.1f%%  (goal <= 10 %%)\n",
        100.0 * (child.seconds - baseline) / baseline, 100.0 * (child.cpuSeconds - baselineCpu) / baselineCpu);
    std::printf("  peak RSS: segment %.0f MiB, baseline process %.0f MiB\n",
        static_cast<double>(child.peakRssKib) / 1024.0, static_cast<double>(self.ru_maxrss) / 1024.0);
    return 0;
}

} // namespace

void registerSegmentBenchmark(CLI::App& bench, int& exitCode)
{
    auto options = std::make_shared<SegmentBenchOptions>();
    CLI::App* command = bench.add_subcommand(
        "segment", "Whole-process time of segment on a volume vs reading it plus the forward passes");
    command->add_option("--input", options->input, "Volume (default: mricron-data's ch2 T1)")->capture_default_str();
    command->add_option("--model", options->model)->capture_default_str();
    command->add_option("--threads", options->threads)->capture_default_str();
    command->add_option("--batch", options->batch)->capture_default_str();
    command->add_option("--repeat", options->repeat, "Rounds (the fastest of each measurement is kept)")
        ->capture_default_str();
    command->add_option("--planes", options->planes, "auto, acquired or three, as segment --planes")
        ->transform(CLI::CheckedTransformer(
            std::map<std::string, inference::SlicePlanes> { { "auto", inference::SlicePlanes::Auto },
                { "acquired", inference::SlicePlanes::Acquired }, { "three", inference::SlicePlanes::Three } }))
        ->capture_default_str();
    command->add_option("--out", options->out, "Keep segment's output here (default: a temporary folder, removed)");
    command->callback([options, &exitCode] { exitCode = runSegmentBenchmark(*options); });
}

} // namespace dinolens::app
