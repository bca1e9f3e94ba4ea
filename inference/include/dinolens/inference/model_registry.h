#pragma once
// The public DINOv2 / DINOv3 checkpoints DinoLens knows: sizes, licence and where a user gets them. The weights
// are not shipped: a user downloads a snapshot (e.g. `huggingface-cli download <repo> --local-dir <folder>`) and
// points DinoLens at the folder. Thread-safety: immutable static data.

#include <cstdint>
#include <string>
#include <vector>

#include "dinolens/inference/backbone_config.h"

namespace dinolens::inference {

struct KnownCheckpoint {
    std::string repository; // Hugging Face repository id, e.g. "facebook/dinov2-base"
    std::string shortName; // "dinov2-b14", "dinov3-vitb16"
    BackboneFamily family = BackboneFamily::Dinov2;
    int64_t hiddenSize = 0;
    int64_t numLayers = 0;
    int64_t numHeads = 0;
    int64_t patchSize = 0;
    int64_t numRegisterTokens = 0;
    int64_t approximateParameters = 0; // for display ("86M")
    std::string licence; // "Apache-2.0" or "DINOv3 License"
    bool gated = false; // access must be requested on Hugging Face before download
    std::string source; // where to get it
};

/// Every known checkpoint, DINOv2 first.
const std::vector<KnownCheckpoint>& knownCheckpoints();

/// The checkpoint whose repository or short name equals `name`, or nullptr.
const KnownCheckpoint* findKnownCheckpoint(const std::string& name);

/// The full architecture of a known checkpoint as its config.json describes it (used for random-weight
/// benchmarks of the real shapes). Errors: NotFound for an unknown name.
core::Result<BackboneConfig> knownCheckpointConfig(const std::string& name);

} // namespace dinolens::inference
