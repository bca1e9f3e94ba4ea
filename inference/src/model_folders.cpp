#include "dinolens/inference/model_folders.h"

#include <cstdlib>

#ifndef DINOLENS_MODELS_DIR
#define DINOLENS_MODELS_DIR "models"
#endif

namespace dinolens::inference {

std::filesystem::path modelsFolder()
{
    const char* fromEnvironment = std::getenv("DINOLENS_MODELS");
    return fromEnvironment != nullptr && *fromEnvironment != '\0' ? std::filesystem::path(fromEnvironment)
                                                                  : std::filesystem::path(DINOLENS_MODELS_DIR);
}

std::filesystem::path demoModelFolder()
{
    return modelsFolder() / kDemoModelName;
}

core::Result<std::filesystem::path> resolveRunFolder(const std::string& nameOrPath)
{
    const bool demo = nameOrPath == kDemoModelName;
    const std::filesystem::path folder = demo ? demoModelFolder() : std::filesystem::path(nameOrPath);
    std::error_code error;
    if (!std::filesystem::is_regular_file(folder / "config.json", error)) {
        return core::makeError(core::ErrorCode::NotFound,
            demo ? "the demo model is not installed (set DINOLENS_MODELS to the folder holding "
                   "demo/)"
                 : "not a trained run (config.json is missing)",
            folder.string());
    }
    return folder;
}

} // namespace dinolens::inference
