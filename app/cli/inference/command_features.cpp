// `dinolens-cli features`: runs a backbone and writes its outputs in the Hugging Face / golden layout
// (last_hidden_state, pooler_output, hidden_states.<i>) to a safetensors file.
#include <cstdio>
#include <memory>

#include "cli_output.h"
#include "dinolens/inference/safetensors.h"
#include "inference_commands.h"

namespace dinolens::app {
namespace {

struct FeaturesOptions {
    ModelOptions model;
    std::string input;
    std::string output;
    std::vector<int> layers; // empty: all, 0..L
    bool positionTables = false;
};

int runFeatures(const FeaturesOptions& options)
{
    auto backbone = loadModel(options.model);
    if (!backbone) {
        return reportError(backbone.error());
    }
    auto pixels = loadPixels(options.input, *backbone, options.model);
    if (!pixels) {
        return reportError(pixels.error());
    }
    inference::ForwardOptions forward;
    forward.includePatchGrid = false;
    forward.includePositionTables = options.positionTables;
    forward.hiddenStateLayers = options.layers;
    if (forward.hiddenStateLayers.empty()) {
        for (int64_t layer = 0; layer <= backbone->config().numLayers; ++layer) {
            forward.hiddenStateLayers.push_back(static_cast<int>(layer));
        }
    }
    auto output = backbone->forward(*pixels, forward);
    if (!output) {
        return reportError(output.error());
    }
    const std::map<std::string, std::string> metadata
        = { { "format", "pt" }, { "model_type", backbone->config().modelType } };
    if (auto status = inference::writeSafetensors(options.output, inference::namedOutputs(*output), metadata);
        !status) {
        return reportError(status.error());
    }
    std::printf("%s: last_hidden_state %s, grid %lldx%lld, %zu hidden states\n", options.output.c_str(),
        output->lastHiddenState.shapeString().c_str(), static_cast<long long>(output->gridHeight),
        static_cast<long long>(output->gridWidth), output->hiddenStates.size());
    return 0;
}

} // namespace

void registerFeaturesCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<FeaturesOptions>();
    CLI::App* command = app.add_subcommand("features", "Run a DINOv2/DINOv3 backbone and save its outputs");
    addModelOptions(*command, options->model);
    command->add_option("--input", options->input, "Image, or .safetensors holding pixel_values")->required();
    command->add_option("--output", options->output, "Output .safetensors")->required();
    command->add_option("--layers", options->layers, "Hidden states to save (0 = embeddings; default all)")
        ->delimiter(',');
    command->add_flag("--position-tables", options->positionTables,
        "Also save pos_embed_interpolated (v2) or rope_cos/rope_sin (v3)");
    command->callback([options, &exitCode] { exitCode = runFeatures(*options); });
}

} // namespace dinolens::app
