// `dinolens-cli pca` and `dinolens-cli similarity`: PNG views of an image's patch features.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "dinolens/inference/feature_maps.h"
#include "inference_commands.h"

namespace dinolens::app {
namespace {

using inference::FloatTensor;

struct MapOptions {
    ModelOptions model;
    std::vector<std::string> inputs;
    std::string output;
    bool mask = false;
    double threshold = 0.5;
    std::vector<int> query; // row, column of the query patch
};

core::Result<FloatTensor> patchGrid(
    const inference::Backbone& backbone, const std::string& input, const ModelOptions& options)
{
    auto pixels = loadPixels(input, backbone, options);
    if (!pixels) {
        return pixels.error();
    }
    auto output = backbone.forward(*pixels);
    if (!output) {
        return output.error();
    }
    return inference::imageOfBatch(output->patchGrid, 0);
}

std::string numberedPath(const std::string& output, size_t index, size_t count)
{
    if (count == 1) {
        return output;
    }
    const std::filesystem::path path(output);
    return (path.parent_path() / (path.stem().string() + "_" + std::to_string(index) + path.extension().string()))
        .string();
}

int runPca(const MapOptions& options)
{
    auto backbone = loadModel(options.model);
    if (!backbone) {
        return reportError(backbone.error());
    }
    std::vector<FloatTensor> grids;
    for (const std::string& input : options.inputs) {
        auto grid = patchGrid(*backbone, input, options.model);
        if (!grid) {
            return reportError(grid.error());
        }
        grids.push_back(std::move(grid).value());
    }
    inference::PcaOptions pca;
    pca.foregroundMask = options.mask;
    pca.foregroundThreshold = options.threshold;
    auto projection = inference::fitPca(grids, pca); // one fit over all inputs: comparable colours
    if (!projection) {
        return reportError(projection.error());
    }
    for (size_t i = 0; i < grids.size(); ++i) {
        auto image = inference::pcaToRgb(grids[i], *projection, pca);
        if (!image) {
            return reportError(image.error());
        }
        const std::string path = numberedPath(options.output, i, grids.size());
        auto status = inference::saveRgbImage(path, inference::upscaleNearest(*image, backbone->config().patchSize));
        if (!status) {
            return reportError(status.error());
        }
        std::printf("%s: PCA of %lldx%lld patches\n", path.c_str(), static_cast<long long>(grids[i].size(0)),
            static_cast<long long>(grids[i].size(1)));
    }
    return 0;
}

int runSimilarity(const MapOptions& options)
{
    auto backbone = loadModel(options.model);
    if (!backbone) {
        return reportError(backbone.error());
    }
    auto grid = patchGrid(*backbone, options.inputs.front(), options.model);
    if (!grid) {
        return reportError(grid.error());
    }
    const int64_t row = options.query.empty() ? grid->size(0) / 2 : options.query[0];
    const int64_t column = options.query.size() < 2 ? grid->size(1) / 2 : options.query[1];
    auto map = inference::cosineSimilarityMap(*grid, row, column);
    if (!map) {
        return reportError(map.error());
    }
    const float low = *std::min_element(map->data.begin(), map->data.end());
    const auto image = inference::upscaleNearest(inference::colourMap(*map, low, 1.0f), backbone->config().patchSize);
    if (auto status = inference::saveRgbImage(options.output, image); !status) {
        return reportError(status.error());
    }
    std::printf("%s: cosine similarity to patch (%lld, %lld), min %.3f\n", options.output.c_str(),
        static_cast<long long>(row), static_cast<long long>(column), static_cast<double>(low));
    return 0;
}

} // namespace

void registerFeatureMapCommands(CLI::App& app, int& exitCode)
{
    auto pca = std::make_shared<MapOptions>();
    CLI::App* pcaCommand = app.add_subcommand("pca", "PCA of patch features as an RGB PNG (fitted jointly)");
    addModelOptions(*pcaCommand, pca->model);
    pcaCommand->add_option("--input", pca->inputs, "Images (one PCA is fitted over all)")->required();
    pcaCommand->add_option("--output", pca->output, "PNG (numbered _<i> for several inputs)")->required();
    pcaCommand->add_flag("--mask", pca->mask, "Black out the background (first-component threshold)");
    pcaCommand->add_option("--threshold", pca->threshold, "Foreground threshold on the scaled first component");
    pcaCommand->callback([pca, &exitCode] { exitCode = runPca(*pca); });

    auto similarity = std::make_shared<MapOptions>();
    CLI::App* similarityCommand
        = app.add_subcommand("similarity", "Cosine similarity of every patch to one query patch, as a PNG");
    addModelOptions(*similarityCommand, similarity->model);
    similarityCommand->add_option("--input", similarity->inputs, "Image")->required()->expected(1);
    similarityCommand->add_option("--output", similarity->output, "PNG")->required();
    similarityCommand->add_option("--query", similarity->query, "Query patch ROW,COLUMN (default: centre)")
        ->delimiter(',')
        ->expected(2);
    similarityCommand->callback([similarity, &exitCode] { exitCode = runSimilarity(*similarity); });
}

} // namespace dinolens::app
