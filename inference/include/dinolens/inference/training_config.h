#pragma once
// Configuration of a segmentation-head training run (see trainer.h), stored as config.json in the run folder.
// Thread-safety: value type and pure functions.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"

namespace dinolens::inference {

/// One dataset of a run: a folder in the YOLO layout (<root>/<split>/{images,labels}; an empty label file is an
/// image without a tumour) or a datalist JSON of volumes (core/datalist.h), whose slices are the samples.
/// `weight` scales how often its images are drawn per epoch: 1 each once, 2 each twice, 0.5 a fresh random half
/// every epoch. Validation and evaluation use every image once, whatever the weight.
struct TrainingDataset {
    std::filesystem::path root;
    double weight = 1.0;
};

struct TrainingConfig {
    std::vector<TrainingDataset> datasets; // the union of their splits is used
    std::string split = "train";
    // Scored after every epoch (loss and Dice, see trainer.h); empty: no validation. A dataset without this split
    // trains without validation and says so once (TrainingCallbacks::onWarning).
    std::string validSplit = "valid";
    std::vector<std::string> baseModel = { "random-small" }; // see base_model.h
    int epochs = 10;
    int batchSize = 8;
    double learningRate = 1e-3; // AdamW peak learning rate
    double weightDecay = 1e-4;
    double warmupFraction = 0.1; // share of all steps with a linear warm-up; cosine decay afterwards
    double minLearningRateFraction = 0.01; // the cosine ends at peak x this
    int resolution = 224; // working resolution in pixels (square); the patch grid is resolution / patch size
    bool augment = false; // flips, rotation, scale, intensity and contrast jitter (see trainer.h on caching)
    // With augment: also scanner and protocol variation (gamma, bias field, resolution, blur, noise).
    bool augmentMri = false;
    // Which planes of a volume dataset's training cases give samples: "acquired" (the stored slices, as inference
    // sees them) or "all" (also the two reformatted planes, each resampled to its true physical aspect and padded to
    // a square). Validation always uses the acquired plane.
    std::string slicePlanes = "acquired";
    // Train the backbone together with the head (DINOv3 architectures only; see trainer.h). With a random base model
    // ("random-small", "random:<name>", or an architecture config.json) this trains a network from scratch.
    bool trainBackbone = false;
    uint64_t seed = 42;
    // LibTorch intra-op threads; 0 = one per core (in a distributed run, the cores shared among the ranks on this
    // host). Bit-exact resume needs the same count.
    int threads = 0;
    double dropout = 0.1;
    int maxImages = 0; // > 0: only the first N images of the split (sorted by name): quick runs and tests
    int validMaxImages = 0; // > 0: only the first N images of the validation split (sorted by name)
    // Where the frozen backbone's forward pass runs (feature caching, augmented batches, validation). The head,
    // and a backbone trained with it, always train on the CPU. Cuda without CUDA: InvalidArgument at the start.
    ComputeDevice device = ComputeDevice::Cpu;
    std::filesystem::path featureCacheDir; // empty: features cached in memory only
    double crossEntropyWeight = 0.4;
    double diceWeight = 0.6;
};

/// The datasets' roots, in order.
std::vector<std::filesystem::path> datasetRoots(const TrainingConfig& config);
/// "root" or "root (x2), other" for messages and the run registry.
std::string describeDatasets(const TrainingConfig& config);

/// "cpu" / "cuda", as config.json and the command line spell them.
const char* computeDeviceName(ComputeDevice device);
/// nullopt for any other name.
std::optional<ComputeDevice> computeDeviceFromName(const std::string& name);

/// JSON text of the configuration (every field, paths absolute as given).
std::string trainingConfigToJson(const TrainingConfig& config);

/// Parses the JSON written by trainingConfigToJson; missing fields keep their defaults.
/// Errors: InvalidFormat (not JSON, a field of the wrong type, an unknown device).
core::Result<TrainingConfig> trainingConfigFromJson(const std::string& text, const std::string& context = {});

/// Checks values before a run. Errors: InvalidArgument naming the field.
core::Status validateTrainingConfig(const TrainingConfig& config);

} // namespace dinolens::inference
