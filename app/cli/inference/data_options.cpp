// `--data` and `--data-weight`, shared by train, evaluate and compare.
#include "training_commands.h"

namespace dinolens::app {

void addDataOptions(CLI::App& command, DataOptions& options, bool required)
{
    CLI::Option* data = command.add_option("--data", options.roots,
        "Dataset: a folder in the YOLO layout (<split>/images, <split>/labels; an empty label file is an image "
        "without tumour) or a datalist .json of volumes, or a packed dataset .safetensors (dinolens-cli pack); repeat "
        "for several "
        "(their splits are joined)");
    if (required) {
        data->required();
    }
    command.add_option("--data-weight", options.weights,
        "Sampling weight of each --data in training, in the same order (2: its images twice per epoch; 0.5: half)");
}

core::Result<std::vector<inference::TrainingDataset>> datasetsFromOptions(const DataOptions& options)
{
    if (!options.weights.empty() && options.weights.size() != options.roots.size()) {
        return core::makeError(core::ErrorCode::InvalidArgument,
            "--data-weight must be given once per --data (" + std::to_string(options.roots.size()) + " datasets, "
                + std::to_string(options.weights.size()) + " weights)");
    }
    std::vector<inference::TrainingDataset> datasets;
    for (size_t i = 0; i < options.roots.size(); ++i) {
        datasets.push_back({ options.roots[i], options.weights.empty() ? 1.0 : options.weights[i] });
    }
    return datasets;
}

} // namespace dinolens::app
