// `dinolens-cli bench startup`: wall-clock start-up of the programs, each run as a user runs it (a new process,
// median of --repeats runs): `dinolens-cli --version`, `dinolens-cli info` on one DICOM file against
// `python3 -c "import pydicom; pydicom.dcmread(f)"`, the viewer up to its first window, and with --eager the whole
// features job (load DINOv3 ViT-B/16, forward 8 images, write) against eager PyTorch (tests/reference/eager_dinov3.py).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli_commands.h"
#include "dinolens/core/blas_kernels.h"
#include "dinolens/core/data_location.h"

#ifndef DINOLENS_CLI_BIN_RELATIVE
#define DINOLENS_CLI_BIN_RELATIVE "../../bin"
#endif

extern char** environ;

namespace dinolens::app {
namespace {

struct StartupOptions {
    int repeats = 5;
    std::string dicom;
    std::string viewer;
    std::string python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    bool skipViewer = false;
    std::string eager; // tests/reference/eager_dinov3.py: the features job against eager PyTorch
    int threads = 2;
};

// Seconds from spawning `arguments` (stdout and stderr to /dev/null) to its exit; nullopt when it cannot start or
// exits with a failure.
std::optional<double> timeOnce(const std::vector<std::string>& arguments)
{
    std::vector<char*> argv;
    for (const auto& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        return std::nullopt;
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return std::nullopt;
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Median over `repeats` runs after one untimed warm-up run (the file cache); nullopt when any run failed.
std::optional<double> medianTime(const std::vector<std::string>& arguments, int repeats)
{
    if (!timeOnce(arguments)) {
        return std::nullopt;
    }
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto seconds = timeOnce(arguments);
        if (!seconds) {
            return std::nullopt;
        }
        times.push_back(*seconds);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// Medians of `a` and `b` run in turn (a, b, a, b, ...) after one untimed warm-up run of each, so that both see the
// same load; nullopt for a program when any of its runs failed.
std::pair<std::optional<double>, std::optional<double>> alternatingMedians(
    const std::vector<std::string>& a, const std::vector<std::string>& b, int repeats)
{
    if (!timeOnce(a) || !timeOnce(b)) {
        return { std::nullopt, std::nullopt };
    }
    std::vector<double> timesA;
    std::vector<double> timesB;
    for (int i = 0; i < repeats; ++i) {
        const auto secondsA = timeOnce(a);
        const auto secondsB = timeOnce(b);
        if (!secondsA || !secondsB) {
            return { std::nullopt, std::nullopt };
        }
        timesA.push_back(*secondsA);
        timesB.push_back(*secondsB);
    }
    std::sort(timesA.begin(), timesA.end());
    std::sort(timesB.begin(), timesB.end());
    return { timesA[timesA.size() / 2], timesB[timesB.size() / 2] };
}

std::string firstDicomFile()
{
    const auto series = core::findData("dicom/series-dwi-sag48");
    if (!series) {
        return {};
    }
    std::vector<std::filesystem::path> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(*series, error)) {
        if (entry.path().extension() == ".dcm") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files.empty() ? std::string() : files.front().string();
}

// The folder of the programs a user runs (dinolens-cli, dinolens): beside this program in the build tree, else the
// installed bin folder seen from libexec/dinolens.
std::filesystem::path programsFolder(const std::filesystem::path& self)
{
    if (access((self.parent_path() / "dinolens-cli").c_str(), X_OK) == 0) {
        return self.parent_path();
    }
    return (self.parent_path() / DINOLENS_CLI_BIN_RELATIVE).lexically_normal();
}

void printRow(const char* what, const std::optional<double>& seconds, const std::string& note)
{
    if (seconds) {
        std::printf("  %-40s %8.3f s   %s\n", what, *seconds, note.c_str());
    } else {
        std::printf("  %-40s   failed   %s\n", what, note.c_str());
    }
}

// The whole features job, as a user runs it: a random DINOv3 ViT-B/16 snapshot and 8 images of 224 x 224 pixels
// (written by the reference script, untimed), then `dinolens-cli features` and the eager PyTorch script each load
// the checkpoint, run the batch and write last_hidden_state, pooler_output and the last hidden state.
int compareFeaturesJob(const StartupOptions& options, const std::filesystem::path& cli)
{
    char pattern[] = "/tmp/dinolens-bench-features-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        std::printf("  features job: cannot make a temporary folder\n");
        return 1;
    }
    const std::filesystem::path folder = pattern;
    const std::string pixels = (folder / "pixel_values.safetensors").string();
    const std::string threads = std::to_string(options.threads);
    // Both sides get the OpenBLAS kernels DinoLens selects for this CPU (blas_kernels.h): eager PyTorch at its best
    // here, not at the slow kernels Debian's OpenBLAS falls back to on a CPU it does not know by name.
    const char* coreType = core::openBlasCoreTypeForCpu();
    if (coreType != nullptr) {
        setenv("OPENBLAS_CORETYPE", coreType, 0);
    }
    const char* kernels = std::getenv("OPENBLAS_CORETYPE");
    int failures = 0;
    if (!timeOnce({ options.python, options.eager, "make-vitb", "--out", folder.string(), "--images", "8" })) {
        std::printf("  features job: %s make-vitb failed (python3-torch installed?)\n", options.eager.c_str());
        failures = 1;
    } else {
        std::printf("  features job: DINOv3 ViT-B/16 (random weights), 8 images 224 x 224, %s threads, "
                    "OPENBLAS_CORETYPE=%s\n",
            threads.c_str(), kernels != nullptr ? kernels : "(OpenBLAS's choice)");
        const auto [ours, eager] = alternatingMedians(
            { cli.string(), "features", "--model", folder.string(), "--input", pixels, "--output",
                (folder / "dinolens.safetensors").string(), "--layers", "12", "--threads", threads },
            { options.python, options.eager, "forward", "--config", (folder / "config.json").string(), "--weights",
                (folder / "model.safetensors").string(), "--input", pixels, "--output",
                (folder / "eager.safetensors").string(), "--threads", threads },
            options.repeats);
        printRow("dinolens-cli features (whole job)", ours, "");
        printRow("eager PyTorch (whole job)", eager, "");
        failures = ours && eager ? 0 : 1;
        if (ours && eager) {
            std::printf("  %-40s %8.2f     goal <= 0.67\n", "ratio features / eager PyTorch", *ours / *eager);
        }
    }
    std::error_code error;
    std::filesystem::remove_all(folder, error);
    return failures;
}

int runStartupBenchmark(const StartupOptions& options)
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        std::fprintf(stderr, "bench startup: cannot find this executable: %s\n", error.message().c_str());
        return 1;
    }
    const std::string dicom = options.dicom.empty() ? firstDicomFile() : options.dicom;
    std::printf("start-up, wall clock, median of %d runs after a warm-up run (new process each)\n", options.repeats);
    int failures = 0;

    const std::filesystem::path cli = programsFolder(self) / "dinolens-cli";
    const auto version = medianTime({ cli.string(), "--version" }, options.repeats);
    printRow("dinolens-cli --version", version, "goal <= 0.100 s");
    failures += version ? 0 : 1;

    if (dicom.empty()) {
        std::printf("  no DICOM file (--dicom, or DINOLENS_DATA with dicom/series-dwi-sag48): info skipped\n");
    } else {
        std::printf("  DICOM file: %s\n", dicom.c_str());
        const auto info = medianTime({ cli.string(), "info", dicom }, options.repeats);
        const auto pydicom = medianTime(
            { options.python, "-c", "import sys, pydicom; pydicom.dcmread(sys.argv[1])", dicom }, options.repeats);
        printRow("dinolens-cli info <file>", info, "");
        printRow("python3 pydicom.dcmread(<file>)", pydicom, pydicom ? "" : "(python3-pydicom installed?)");
        failures += info && pydicom ? 0 : 1;
        if (info && pydicom) {
            std::printf("  %-40s %8.2f     goal <= 0.50\n", "ratio info / pydicom", *info / *pydicom);
        }
    }

    if (!options.skipViewer) {
        const std::filesystem::path viewer
            = options.viewer.empty() ? programsFolder(self) / "dinolens" : std::filesystem::path(options.viewer);
        if (access(viewer.c_str(), X_OK) != 0) {
            std::printf("  no viewer at %s (--viewer): first window skipped\n", viewer.c_str());
        } else {
            if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) {
                setenv("QT_QPA_PLATFORM", "offscreen", 0);
            }
            const auto window = medianTime({ viewer.string(), "--quit-after-first-window" }, options.repeats);
            printRow("dinolens: first window shown, then exit", window, "goal <= 1.000 s");
            failures += window ? 0 : 1;
        }
    }
    if (!options.eager.empty()) {
        failures += compareFeaturesJob(options, cli);
    }
    return failures == 0 ? 0 : 1;
}

} // namespace

void registerStartupBenchmark(CLI::App& bench, int& exitCode)
{
    auto options = std::make_shared<StartupOptions>();
    CLI::App* startup = bench.add_subcommand("startup", "Start-up time of the programs, and info against pydicom");
    startup->add_option("--repeats", options->repeats, "Timed runs per program (the median is reported)")
        ->check(CLI::PositiveNumber);
    startup->add_option("--dicom", options->dicom,
        "DICOM file for info (default: the first of the DWI series "
        "in DINOLENS_DATA)");
    startup->add_option("--viewer", options->viewer, "The viewer (default: dinolens beside dinolens-cli)");
    startup->add_option("--python", options->python,
        "Python with pydicom (and python3-torch for --eager; default: Debian's /usr/bin/python3)");
    startup->add_flag("--no-viewer", options->skipViewer, "Skip the viewer's first window");
    startup->add_option("--eager", options->eager,
        "tests/reference/eager_dinov3.py: also time the features job (DINOv3 ViT-B/16, 8 images) against eager "
        "PyTorch (python3-torch)");
    startup->add_option("--threads", options->threads, "Compute threads of the features job (both sides)")
        ->check(CLI::PositiveNumber);
    startup->callback([options, &exitCode] { exitCode = runStartupBenchmark(*options); });
}

} // namespace dinolens::app
