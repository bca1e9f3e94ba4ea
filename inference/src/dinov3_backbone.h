#pragma once
// Private: DINOv3 (Hugging Face DINOv3ViTModel) key table, weights, embeddings and RoPE tables.

#include <vector>

#include "checkpoint_reader.h"
#include "vit_layers.h"

namespace dinolens::inference::detail::dinov3 {

std::vector<ExpectedTensor> expectedTensors(const BackboneConfig& config);

/// Builds the fused weights, consuming the entries of `tensors`.
VitWeights assemble(const BackboneConfig& config, TensorMap& tensors);

/// RoPE cos/sin tables [gh*gw, dh] computed with the same float32 operations as Hugging Face.
RopeTables ropeTables(const BackboneConfig& config, int64_t gridHeight, int64_t gridWidth,
                      const at::TensorOptions& options);

/// [CLS, registers, patches] -> [B, T, D]; there is no absolute position embedding.
at::Tensor embed(const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels);

}  // namespace dinolens::inference::detail::dinov3
