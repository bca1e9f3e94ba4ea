#include "dinolens/inference/evaluation_figures.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "dinolens/core/polygon_label.h"
#include "dinolens/core/report_figures.h"

namespace dinolens::inference {

namespace {

std::string formatDice(double dice)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", dice);
    return text;
}

// Case order: worst first for one model, most disagreeing first for two.
std::vector<const ImageEvaluation*> rankedCases(const std::vector<EvaluatedModel>& models)
{
    std::map<std::string, const ImageEvaluation*> second;
    if (models.size() > 1) {
        for (const ImageEvaluation& image : models[1].report->images) {
            second[image.stem] = &image;
        }
    }
    std::vector<std::pair<double, const ImageEvaluation*>> scored;
    for (const ImageEvaluation& image : models[0].report->images) {
        if (std::isnan(image.labelledClassDice)) {
            continue;
        }
        if (models.size() == 1) {
            scored.emplace_back(-image.labelledClassDice, &image);
        } else if (const auto other = second.find(image.stem); other != second.end()) {
            scored.emplace_back(std::abs(image.labelledClassDice - other->second->labelledClassDice), &image);
        }
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<const ImageEvaluation*> ranked;
    for (const auto& [score, image] : scored) {
        ranked.push_back(image);
    }
    return ranked;
}

double diceOf(const EvaluatedModel& model, const std::string& stem)
{
    for (const ImageEvaluation& image : model.report->images) {
        if (image.stem == stem) {
            return image.labelledClassDice;
        }
    }
    return std::nan("");
}

} // namespace

core::Status writeDiceBoxPlot(const std::filesystem::path& path, const std::vector<EvaluatedModel>& models)
{
    std::vector<core::BoxPlotGroup> groups;
    for (int c = 1; c <= core::kTumorClassCount; ++c) {
        const bool all = c == core::kTumorClassCount;
        core::BoxPlotGroup group { all ? "all" : core::tumorClassName(c), {} };
        for (const EvaluatedModel& model : models) {
            core::BoxPlotSeries series { model.name, {} };
            for (const ImageEvaluation& image : model.report->images) {
                if (image.truthClass > 0 && (all || image.truthClass == c)) {
                    series.values.push_back(image.labelledClassDice);
                }
            }
            group.series.push_back(std::move(series));
        }
        groups.push_back(std::move(group));
    }
    return core::writeBoxPlotPng(path, "Per-image Dice of the labelled tumour class", groups);
}

core::Result<std::vector<std::string>> writeCaseMontage(
    const std::filesystem::path& path, const std::vector<EvaluatedModel>& models, int count)
{
    if (models.empty() || models.size() > 2) {
        return core::makeError(core::ErrorCode::InvalidArgument, "one or two models are drawn");
    }
    std::vector<core::OverlayCase> cases;
    std::vector<std::string> stems;
    for (const ImageEvaluation* image : rankedCases(models)) {
        if (static_cast<int>(cases.size()) >= count) {
            break;
        }
        core::OverlayCase item;
        item.image = image->imagePath;
        for (const EvaluatedModel& model : models) {
            auto mask = model.predictor->predictFile(image->imagePath);
            if (!mask) {
                return mask.error();
            }
            item.predictions.push_back(std::move(mask->mask));
            item.panelTitles.push_back(model.name + "  Dice " + formatDice(diceOf(model, image->stem)));
        }
        auto truth = evaluatedTruthMask(*image, item.predictions[0].width(), item.predictions[0].height());
        if (!truth) {
            return truth.error();
        }
        item.truth = std::move(*truth);
        item.caption = std::string(core::tumorClassName(image->truthClass)) + "  " + image->stem;
        cases.push_back(std::move(item));
        stems.push_back(image->stem);
    }
    if (cases.empty()) {
        return core::makeError(core::ErrorCode::InvalidArgument, "no labelled tumour images to draw");
    }
    if (auto status = core::writeOverlayMontagePng(path, cases); !status) {
        return status.error();
    }
    return stems;
}

} // namespace dinolens::inference
