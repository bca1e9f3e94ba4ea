// `dinolens-cli predict`: a trained run on images: mask PNGs and NIfTIs, overlays and per-class areas.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "dinolens/core/json_text.h"
#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/picture_encoding.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/report_figures.h"
#include "dinolens/core/segmentation_metrics.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "training_commands.h"

namespace dinolens::app {
namespace {

struct PredictOptions {
    std::string run;
    std::vector<std::string> inputs;
    std::string out = ".";
    int threads = 0;
};

int runPredict(const PredictOptions& options)
{
    auto predictor = inference::SegmentationPredictor::open(options.run, { .threads = options.threads });
    if (!predictor) {
        return reportError(predictor.error());
    }
    std::error_code error;
    std::filesystem::create_directories(options.out, error);
    int failures = 0;
    for (const std::string& input : options.inputs) {
        auto prediction = predictor->predictFile(input);
        if (!prediction) {
            reportError(prediction.error());
            ++failures;
            continue;
        }
        const core::LabelMask* mask = &prediction->mask;
        const std::filesystem::path stem = std::filesystem::path(options.out) / std::filesystem::path(input).stem();
        const std::filesystem::path output = stem.string() + "_mask.png";
        const std::filesystem::path nifti = stem.string() + "_mask.nii.gz";
        const std::filesystem::path overlay = stem.string() + "_overlay.png";
        core::OverlayCase drawn { input, core::LabelMask::zeros(mask->width(), mask->height()), { *mask },
            { std::filesystem::path(options.run).filename().string() },
            std::filesystem::path(input).filename().string(), {} };
        for (auto status : { core::writeLabelMaskPng(output, *mask), core::writeNiftiLabelMask(nifti, *mask),
                 core::writeOverlayMontagePng(overlay, { drawn }, std::max(256, std::min(768, mask->width()))) }) {
            if (!status) {
                return reportError(status.error());
            }
        }
        nlohmann::json areas = nlohmann::json::object();
        nlohmann::json areasMm2 = nlohmann::json::object();
        std::array<long long, core::kTumorClassCount> counts {};
        for (uint8_t id : mask->labels) {
            ++counts[id < core::kTumorClassCount ? id : 0];
        }
        for (int c = 1; c < core::kTumorClassCount; ++c) {
            areas[core::tumorClassName(c)] = counts[static_cast<size_t>(c)];
            areasMm2[core::tumorClassName(c)]
                = static_cast<double>(counts[static_cast<size_t>(c)]) * mask->spacing[0] * mask->spacing[1];
        }
        const nlohmann::json line = { { "input", input }, { "mask", output.string() }, { "nifti", nifti.string() },
            { "overlay", overlay.string() }, { "area_mm2", areasMm2 },
            { "predicted_class", core::tumorClassName(core::dominantTumorClass(*mask)) }, { "area_px", areas },
            { "pixel_spacing_mm", { mask->spacing[0], mask->spacing[1] } },
            { "tumour_present", prediction->tumorPresent }, { "tumour_probability", prediction->tumorProbability } };
        std::printf("%s\n", core::jsonText(line).c_str());
    }
    return failures == 0 ? 0 : 1;
}

} // namespace

void registerPredictCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<PredictOptions>();
    CLI::App* command
        = app.add_subcommand("predict", "Segment images with a trained run: masks (PNG, NIfTI), overlays and areas");
    command->add_option("--run,--model", options->run, "Run folder written by train, or demo (the shipped model)")
        ->required();
    command->add_option("inputs", options->inputs, "Images")->required();
    command
        ->add_option("--out", options->out,
            "Folder for <stem>_mask.png (class ids 0-3), <stem>_mask.nii.gz and <stem>_overlay.png")
        ->capture_default_str();
    command->add_option("--threads", options->threads, "Compute threads (0 = one per core)");
    command->callback([options, &exitCode] { exitCode = runPredict(*options); });
}

} // namespace dinolens::app
