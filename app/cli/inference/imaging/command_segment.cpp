// `dinolens-cli segment`: whole volumes (NIfTI, DICOM series, DICOMDIR, study folders, images) segmented with a
// trained run, each reported as mask.nii.gz, segmentation.dcm (DICOM input), summary.json, lesions.csv and
// overlay.png (inference/volume_segmentation.h). Ctrl-C stops after the batch in progress.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>

#include "cli_output.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/inference/volume_segmentation.h"
#include "segment_inputs.h"
#include "training_commands.h"
#include "training_progress.h"

namespace dinolens::app {
namespace {

constexpr int kInterruptedExitCode = 130;

struct SegmentOptions {
    std::string model;
    std::string device = "cpu";
    int threads = 0;
    int batch = 8;
    std::string planes = "auto";
    std::string out;
    std::vector<std::string> inputs;
};

// The error, said of `input`.
core::Error about(const core::Error& error, const std::string& input)
{
    const std::string where = error.context.empty() || error.context == input ? "" : " (" + error.context + ")";
    return core::makeError(error.code, error.message + where, input);
}

// Segments one volume; 0, 1 (failed) or kInterruptedExitCode.
int segmentTarget(const inference::SegmentationPredictor& predictor, const SegmentTarget& target,
    const SegmentOptions& options, const core::CancelToken& cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto seconds
        = [](Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); };
    const auto start = Clock::now();
    core::VolumeLoadOptions load;
    load.threads = static_cast<unsigned>(std::max(0, options.threads));
    load.cancel = cancel;
    auto volume = core::loadSeries(target.series, load);
    if (!volume) {
        if (volume.error().code == core::ErrorCode::Cancelled) {
            return kInterruptedExitCode;
        }
        return reportError(about(volume.error(), target.input));
    }
    const double readSeconds = seconds(start);
    const auto segmentStart = Clock::now();
    auto result = [&] {
        ProgressLine line(target.input); // ends its line when the volume is done
        inference::VolumeSegmentationOptions segmentation;
        segmentation.batch = options.batch;
        segmentation.planes = options.planes == "three" ? inference::SlicePlanes::Three
            : options.planes == "acquired"              ? inference::SlicePlanes::Acquired
                                                        : inference::SlicePlanes::Auto;
        segmentation.cancel = cancel;
        segmentation.progress = line.sink();
        return inference::segmentVolume(predictor, *volume, segmentation);
    }();
    if (!result) {
        if (result.error().code == core::ErrorCode::Cancelled) {
            return kInterruptedExitCode;
        }
        return reportError(about(result.error(), target.input));
    }
    const double segmentSeconds = seconds(segmentStart);
    const auto reportStart = Clock::now();
    auto report = inference::writeVolumeReport(target.folder, *volume, *result, { target.input, options.model });
    if (!report) {
        return reportError(about(report.error(), target.input));
    }
    const std::array<double, 4> volumes = core::classVolumesMl(result->mask);
    std::printf("%s: %s (p = %.2f), %.2f mL in %zu lesion%s, %d slices -> %s (read %.2f s, segment %.2f s, "
                "files %.2f s)\n",
        target.input.c_str(), result->tumorPresent ? "tumour found" : "no tumour found",
        static_cast<double>(result->tumorProbability), volumes[1] + volumes[2] + volumes[3], report->lesions.size(),
        report->lesions.size() == 1 ? "" : "s", volume->dims[2], target.folder.c_str(), readSeconds, segmentSeconds,
        seconds(reportStart));
    std::fflush(stdout);
    return 0;
}

int runSegment(const SegmentOptions& options)
{
    if (options.batch < 1) {
        std::fprintf(stderr, "dinolens-cli: --batch must be at least 1\n");
        return 2;
    }
    core::CancelToken cancel;
    // Before the model is loaded, so that its compute threads leave Ctrl-C to the interrupt thread.
    std::optional<InterruptCancels> interrupt(std::in_place, cancel);
    auto predictor = inference::SegmentationPredictor::open(options.model,
        { .threads = options.threads,
            .device = options.device == "cuda" ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu });
    if (!predictor) {
        return reportError(predictor.error());
    }
    int failures = 0;
    std::set<std::string> used;
    for (const std::string& input : options.inputs) {
        std::filesystem::path base = options.out;
        if (options.inputs.size() > 1) {
            std::string name = inputStem(input);
            for (int n = 2; used.count(name) != 0; ++n) {
                name = inputStem(input) + "-" + std::to_string(n);
            }
            used.insert(name);
            base /= name;
        }
        auto targets = segmentTargets(input, base);
        if (!targets) {
            reportError(about(targets.error(), input));
            ++failures;
            continue;
        }
        for (const SegmentTarget& target : *targets) {
            const int code = segmentTarget(*predictor, target, options, cancel);
            if (code == kInterruptedExitCode || cancel.isCancelled()) {
                std::fprintf(stderr, "dinolens-cli: interrupted; %s was not written\n", target.folder.c_str());
                return kInterruptedExitCode;
            }
            failures += code == 0 ? 0 : 1;
        }
    }
    return failures == 0 ? 0 : 1;
}

} // namespace

void registerSegmentCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<SegmentOptions>();
    CLI::App* command = app.add_subcommand("segment",
        "Segment volumes (NIfTI, DICOM series folder, DICOMDIR, study folder, images): mask.nii.gz, "
        "segmentation.dcm (DICOM input with a tumour), summary.json, lesions.csv, overlay.png per volume");
    command->add_option("--model,--run", options->model, "Run folder written by train, or demo (the shipped model)")
        ->required();
    command->add_option("--device", options->device, "cpu or cuda")->check(CLI::IsMember({ "cpu", "cuda" }));
    command->add_option("--threads", options->threads, "Compute threads (0 = one per core)");
    command->add_option("--batch", options->batch, "Slices per forward pass")->capture_default_str();
    command
        ->add_option("--planes", options->planes,
            "acquired: the acquired slices only; three: also the two reformatted planes, fused per voxel (two "
            "planes must agree; a volume under 32 voxels along an axis stays acquired); auto: three for near-cubic "
            "voxels")
        ->check(CLI::IsMember({ "auto", "acquired", "three" }))
        ->capture_default_str();
    command->add_option("--out", options->out, "Output folder (one sub-folder per input when there are several)")
        ->required();
    command->add_option("inputs", options->inputs, "NIfTI files, DICOM folders, DICOMDIRs, study folders, images")
        ->required();
    command->callback([options, &exitCode] { exitCode = runSegment(*options); });
}

} // namespace dinolens::app
