#pragma once
// Architecture description of a DINOv2 / DINOv3 ViT backbone, parsed from a Hugging Face config.json.
// Supported model_type values: "dinov2", "dinov2_with_registers" and "dinov3_vit".
// Thread-safety: value types and pure functions.

#include <cstdint>
#include <filesystem>
#include <string>

#include "dinolens/core/result.h"

namespace dinolens::inference {

enum class BackboneFamily { Dinov2, Dinov3 };

enum class MlpKind {
    Mlp, // fc2(act(fc1(x)))
    SwiGlu, // DINOv2 use_swiglu_ffn: packed weights_in -> [x1 | x2], weights_out(silu(x1) * x2)
    Gated, // DINOv3 use_gated_mlp: down(act(gate(x)) * up(x))
};

enum class Activation { GeluErf, GeluTanh, Silu, Relu };

struct BackboneConfig {
    BackboneFamily family = BackboneFamily::Dinov2;
    std::string modelType; // as written in config.json
    int64_t hiddenSize = 768;
    int64_t numLayers = 12;
    int64_t numHeads = 12;
    int64_t intermediateSize = 3072; // MLP hidden width actually used (SwiGLU width already rounded for v2)
    int64_t patchSize = 14;
    int64_t numChannels = 3;
    int64_t imageSize = 518; // v2: defines the learned position grid imageSize / patchSize
    int64_t numRegisterTokens = 0; // storage tokens between CLS and the patches
    double layerNormEps = 1e-6;
    MlpKind mlp = MlpKind::Mlp;
    Activation activation = Activation::GeluErf;
    bool queryBias = true;
    bool keyBias = true;
    bool valueBias = true;
    bool projectionBias = true;
    bool mlpBias = true;
    double ropeTheta = 100.0; // v3 only
    bool positionAntialias = false; // v2 with registers interpolates its position grid with antialiasing

    int64_t headDim() const { return hiddenSize / numHeads; }
    /// CLS plus register tokens: the tokens before the patch grid.
    int64_t numPrefixTokens() const { return 1 + numRegisterTokens; }
    /// Side of the learned square position grid (v2 only).
    int64_t positionGridSide() const { return imageSize / patchSize; }
    /// Parameter count implied by the configuration (weights that the forward pass uses, mask token excluded).
    int64_t parameterCount() const;
};

/// Parses config.json text. Errors: InvalidFormat (not JSON, missing or inconsistent fields such as a hidden size
/// not divisible by the head count), UnsupportedFormat (an unknown model_type or hidden_act). `context` names the
/// source in error messages.
core::Result<BackboneConfig> parseBackboneConfig(const std::string& jsonText, const std::string& context = {});

/// Reads and parses a config.json file. Errors as parseBackboneConfig plus NotFound / Unreadable.
core::Result<BackboneConfig> loadBackboneConfig(const std::filesystem::path& configPath);

/// config.json text of a DINOv3 configuration in Hugging Face's DINOv3ViTConfig layout (parseBackboneConfig reads
/// it back to the same value). Used to write trained backbones as snapshots.
std::string dinov3ConfigToJson(const BackboneConfig& config);

/// Multiply-add operations x 2 of one forward pass for one image of H x W pixels (matrix products only:
/// patch embedding, projections, MLP and attention), the figure GFLOP/s rates are based on.
double backboneFlops(const BackboneConfig& config, int64_t height, int64_t width);

} // namespace dinolens::inference
