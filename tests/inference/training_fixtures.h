#pragma once
// Shared by the training tests: tiny configurations on the real data and small hand-made dataset folders.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "dinolens/core/tumor_dataset.h"
#include "dinolens/inference/training_config.h"
#include "test_data.h"

namespace dinolens::test {

/// random-small backbone, `images` training images and 8 validation images at `resolution`, 2 threads, fixed seed.
inline inference::TrainingConfig tinyTrainingConfig(int images, int resolution, int epochs)
{
    inference::TrainingConfig config;
    config.datasets = { { dataPath("brain-tumor"), 1.0 } };
    config.baseModel = { "random-small" };
    config.maxImages = images;
    config.validMaxImages = 8;
    config.resolution = resolution;
    config.epochs = epochs;
    config.batchSize = 8;
    config.threads = 2;
    config.seed = 11;
    return config;
}

/// Copies the first `count` real samples (image + label) of `split` into <root>/<split>.
inline void copyRealSamples(const std::filesystem::path& root, int count, const std::string& split = "train")
{
    const auto samples = core::listTumorSplit(dataPath("brain-tumor"), split);
    std::filesystem::create_directories(root / split / "images");
    std::filesystem::create_directories(root / split / "labels");
    for (int i = 0; i < count; ++i) {
        const core::TumorSample& sample = samples->samples.at(static_cast<size_t>(i));
        std::filesystem::copy_file(sample.imagePath, root / split / "images" / sample.imagePath.filename());
        std::filesystem::copy_file(*sample.labelPath, root / split / "labels" / sample.labelPath->filename());
    }
}

inline void writeFile(const std::filesystem::path& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

inline std::string readBytes(const std::filesystem::path& path)
{
    std::ifstream stream(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
}

} // namespace dinolens::test
