#pragma once
// Packed datasets: the training samples of one or more datasets' splits, decoded, windowed and resampled to a
// working resolution once, by a full build (`dinolens-cli pack`), into one safetensors file. Every build reads it as
// a dataset (TrainingConfig::datasets, `train`/`evaluate --data pack.safetensors`), the build for machines with only
// PyTorch included (it cannot decode images or volumes itself). Training on a pack equals training on the folders it
// was packed from: the samples, their order and the run's data fingerprint are the same.
//
// Layout (per split S; N samples at R x R pixels):
//   S/grey        F32 [N, R, R]  grey values in [0, 1], rows top to bottom (training_data's samples)
//   S/mask        U8  [N, R, R]  class ids (core/polygon_label.h)
//   S/source      I32 [N]        index into the metadata's "datasets"
//   S/image_hash, S/label_hash   I64 [N]  content hashes of the source image and label (feature cache, fingerprint)
//   __metadata__: "format" = "dinolens-pack", "version" = "1", "resolution", "datasets" (JSON [{"root", "weight"}]),
//                 "splits" (JSON {S: {"stems": [...], "slice_planes", "report": {counts as TrainingDataReport}}}).
// A pack given as one dataset of several is one weight: pack datasets apart to weight them apart.
// Thread-safety: pure functions.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/training_config.h"

namespace dinolens::inference {

inline constexpr const char* kDatasetPackFormat = "dinolens-pack";

struct DatasetPackOptions {
    std::vector<TrainingDataset> datasets {}; // YOLO folders or datalists of volumes (training_config.h)
    std::vector<std::string> splits { "train", "valid", "test" }; // those no dataset has are left out and listed
    int resolution = 224;
    // "acquired" or "all" for the first split (the training split); every other split holds the acquired plane,
    // as validation and evaluation score it.
    std::string slicePlanes = "acquired";
    int maxImages = 0; // > 0: the first N samples of each split
    core::CancelToken cancel {};
    core::ProgressSink progress {};
};

struct DatasetPackSplit {
    std::string name;
    int samples = 0;
    int samplesWithoutTumour = 0;
    int skipped = 0; // unreadable images and labels, as training reports them
};

struct DatasetPackSummary {
    std::vector<DatasetPackSplit> splits; // in the order packed
    std::vector<std::string> absentSplits; // asked for, but in no dataset
    uint64_t bytes = 0; // the file's size
};

/// Whether `path` names a packed dataset (a ".safetensors" file; its header is checked when it is read).
bool isDatasetPack(const std::filesystem::path& path);

/// Packs `options.splits` of `options.datasets` into `output` (written atomically). Defined in the imaging build
/// only (DINOLENS_WITH_IMAGING). Errors: those of training's data loading (NotFound when no split exists,
/// InvalidFormat when none is usable), Unwritable, Cancelled.
core::Result<DatasetPackSummary> writeDatasetPack(
    const std::filesystem::path& output, const DatasetPackOptions& options);

} // namespace dinolens::inference
