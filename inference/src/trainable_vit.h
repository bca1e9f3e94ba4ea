#pragma once
// Private: a DINOv3-architecture ViT whose weights are trained (the shipped demo model learns its backbone from
// scratch). The parameters are plain ATen tensors under Hugging Face DINOv3ViTModel key names, so a trained network
// is written as an ordinary snapshot (config.json + model.safetensors) that Backbone::load reads; the forward pass
// is the same math as the inference path (dinov3_backbone.cpp, vit_layers.cpp) in differentiable ATen operations
// (no in-place updates, no raw GEMM calls) so that autograd can run through it.

#include <ATen/ATen.h>

#include <filesystem>
#include <map>
#include <string>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/backbone_config.h"

namespace dinolens::inference::detail {

struct TrainableVit {
    BackboneConfig config;
    std::map<std::string, at::Tensor> parameters; // Hugging Face keys: embeddings.cls_token, layer.0.norm1.weight, ...

    /// Fresh weights (DINOv3's initialisation: truncated normal 0.02 for projections and tokens, zero biases,
    /// LayerNorm 1 / 0, LayerScale 1). Errors: InvalidArgument (not a DINOv3 architecture).
    static core::Result<TrainableVit> initialise(const BackboneConfig& config, uint64_t seed);
    /// Weights of a DINOv3 snapshot, to be fine-tuned. Errors: those of Backbone::load.
    static core::Result<TrainableVit> load(const ModelSource& source);

    /// pixel_values [B, C, H, W] -> final-normed patch tokens as a grid [B, D, gh, gw].
    at::Tensor forward(const at::Tensor& pixels) const;
    void setRequiresGrad(bool value);
};

/// Writes `folder`/config.json and `folder`/model.safetensors (each atomically). Errors: Unwritable.
core::Status writeBackboneSnapshot(const TrainableVit& network, const std::filesystem::path& folder);

} // namespace dinolens::inference::detail
