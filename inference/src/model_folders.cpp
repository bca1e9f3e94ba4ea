#include "dinolens/inference/model_folders.h"

#include <cstdlib>

#ifndef DINOLENS_MODELS_DIR
#define DINOLENS_MODELS_DIR "models"
#endif
#ifndef DINOLENS_INSTALLED_MODELS_DIR
#define DINOLENS_INSTALLED_MODELS_DIR "../share/dinolens/models"
#endif

namespace dinolens::inference {

namespace {

// <folder of the running executable>/DINOLENS_INSTALLED_MODELS_DIR when that folder exists, else empty.
std::filesystem::path installedModelsFolder()
{
    std::error_code error;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error || executable.empty()) {
        return {};
    }
    const std::filesystem::path folder = (executable.parent_path() / DINOLENS_INSTALLED_MODELS_DIR).lexically_normal();
    return std::filesystem::is_directory(folder, error) ? folder : std::filesystem::path();
}

} // namespace

std::filesystem::path modelsFolder()
{
    const char* fromEnvironment = std::getenv("DINOLENS_MODELS");
    if (fromEnvironment != nullptr && *fromEnvironment != '\0') {
        return fromEnvironment;
    }
    if (std::filesystem::path installed = installedModelsFolder(); !installed.empty()) {
        return installed;
    }
    return DINOLENS_MODELS_DIR;
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
