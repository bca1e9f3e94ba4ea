// `dinolens-cli evaluate --data list.json`: a run on datalists of volumes, each case scored in 3-D
// (inference/volume_evaluation.h).
#include <cstdio>
#include <fstream>
#include <optional>

#include "cli_output.h"
#include "dinolens/inference/volume_evaluation.h"
#include "training_commands.h"
#include "training_progress.h"

namespace dinolens::app {
namespace {

void printSummary(const char* name, const core::MetricSummary& summary)
{
    std::printf("  %-28s %.4f +- %.4f (n = %d cases)\n", name, summary.mean, summary.std, summary.count);
}

core::Status writeText(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    if (!stream || !(stream << text) || !stream.flush()) {
        return core::makeError(core::ErrorCode::Unwritable, "cannot write", path.string());
    }
    return core::okStatus();
}

} // namespace

int evaluateVolumeDatalists(const std::string& run, const std::vector<std::string>& datalists, const std::string& split,
    const std::string& out, int maxCases, int threads)
{
    core::CancelToken cancel;
    std::optional<InterruptCancels> interrupt(std::in_place, cancel);
    auto predictor = inference::SegmentationPredictor::open(run, { .threads = threads });
    if (!predictor) {
        return reportError(predictor.error());
    }
    ProgressLine line("evaluating volumes");
    inference::VolumeEvaluationOptions evaluation;
    evaluation.datalists.assign(datalists.begin(), datalists.end());
    evaluation.split = split;
    evaluation.maxCases = maxCases;
    evaluation.cancel = cancel;
    evaluation.progress = line.sink();
    auto report = inference::evaluateVolumes(*predictor, evaluation);
    if (!report) {
        return reportError(report.error());
    }
    std::printf("%s on %zu datalist%s (%s): %zu cases (%d without tumour), scored in 3-D\n", run.c_str(),
        datalists.size(), datalists.size() == 1 ? "" : "s", split.c_str(), report->cases.size(),
        report->casesWithoutTumor);
    printSummary("Dice (labelled class)", report->dice);
    printSummary("Dice (any tumour)", report->tumorDice);
    printSummary("HD95 (mm)", report->hd95);
    printSummary("volume difference (mL)", report->volumeDifferenceMl);
    printSummary("|volume difference| (mL)", report->absoluteVolumeDifferenceMl);
    std::printf("  detection per case: sensitivity %.3f, specificity %.3f (%d with, %d without tumour)\n",
        report->detection.sensitivity, report->detection.specificity, report->detection.positives,
        report->detection.negatives);
    for (const inference::CaseEvaluation& c : report->cases) {
        std::printf("    %-40s Dice %.3f  HD95 %7.2f mm  %8.2f mL predicted, %8.2f mL true  p %.2f\n", c.name.c_str(),
            c.labelledClassDice, c.hd95Mm, c.predictedMl, c.truthMl, static_cast<double>(c.tumorProbability));
    }
    if (out.empty()) {
        return 0;
    }
    std::error_code error;
    std::filesystem::create_directories(out, error);
    const std::filesystem::path folder = out;
    for (auto status : { writeText(folder / "metrics.json", inference::volumeEvaluationJson(*report)),
             writeText(folder / "per_case.csv", inference::volumeEvaluationCsv(*report)),
             inference::writeWorstSlicesMontage(
                 folder / "worst_cases.png", *report, std::filesystem::path(run).filename().string()) }) {
        if (!status) {
            return reportError(status.error());
        }
    }
    std::printf("wrote metrics.json, per_case.csv and worst_cases.png in %s\n", folder.c_str());
    return 0;
}

} // namespace dinolens::app
