#pragma once
// Helpers shared by the golden-data tests: the manifest and the model files of each case.

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "test_data.h"

namespace dinolens::test {

inline std::filesystem::path goldenDir()
{
    return dataPath("golden");
}

inline nlohmann::json goldenManifest()
{
    std::ifstream stream(goldenDir() / "manifest.json");
    return nlohmann::json::parse(stream, nullptr, false);
}

inline std::filesystem::path goldenConfig(const std::string& model)
{
    return goldenDir() / (model + ".config.json");
}

inline std::filesystem::path goldenWeights(const std::string& model)
{
    return goldenDir() / (model + ".weights.safetensors");
}

} // namespace dinolens::test
