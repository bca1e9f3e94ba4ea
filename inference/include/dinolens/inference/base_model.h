#pragma once
// The frozen backbone a segmentation head is trained on, named by a short specification:
//   {"random-small"}            a tiny DINOv3-architecture network with fixed random weights (tests, smoke runs)
//   {"random:<known name>"}     random weights of a known checkpoint's real shapes, e.g. random:dinov3-vits16
//   {"<architecture>.json"}     random weights of the architecture a config.json describes (training from scratch)
//   {"<snapshot folder>"}       a Hugging Face snapshot (config.json + model.safetensors)
//   {"<config.json>", "<weights.safetensors>"}
// Thread-safety: pure functions; the returned Backbone follows backbone.h.

#include <cstdint>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"

namespace dinolens::inference {

inline constexpr const char* kRandomSmallModel = "random-small";

/// The architecture of "random-small": DINOv3 ViT, patch 16, width 64, 2 layers, 2 heads.
BackboneConfig randomSmallConfig();

/// Loads the backbone a specification names. Errors: InvalidArgument (empty or malformed specification), and
/// those of Backbone::load.
core::Result<Backbone> loadBaseModel(
    const std::vector<std::string>& specification, const BackboneOptions& options = {});

/// True for the specifications that name random weights (random-small, random:<name>, an architecture file).
bool isRandomBaseModel(const std::vector<std::string>& specification);
/// True when `specification` is an existing file with the extension .json (an architecture, no weights).
bool isArchitectureFile(const std::string& specification);

/// The specification with file paths made absolute (so that a run folder can be used from anywhere).
std::vector<std::string> absoluteBaseModel(const std::vector<std::string>& specification);

/// A stable 64-bit identity of a backbone's weights and architecture: a hash of its output on a fixed probe
/// image. Used to key cached features. Errors: those of Backbone::forward.
core::Result<uint64_t> backboneFingerprint(const Backbone& backbone);

} // namespace dinolens::inference
