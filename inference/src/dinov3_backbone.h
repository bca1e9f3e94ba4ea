#pragma once
// Private: DINOv3 (Hugging Face DINOv3ViTModel) embeddings and RoPE tables; its checkpoint names are in
// vit_checkpoint_table.h.

#include <vector>

#include "checkpoint_reader.h"
#include "vit_layers.h"

namespace dinolens::inference::detail::dinov3 {

/// RoPE cos/sin tables [gh*gw, dh] computed with the same float32 operations as Hugging Face.
RopeTables ropeTables(
    const BackboneConfig& config, int64_t gridHeight, int64_t gridWidth, const at::TensorOptions& options);

/// [CLS, registers, patches] -> [B, T, D]; there is no absolute position embedding.
at::Tensor embed(const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels);

} // namespace dinolens::inference::detail::dinov3
