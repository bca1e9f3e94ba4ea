#pragma once
// Private: DINOv2 (Hugging Face Dinov2Model / Dinov2WithRegistersModel) position table and embeddings; its checkpoint
// names are in vit_checkpoint_table.h.

#include <vector>

#include "checkpoint_reader.h"
#include "vit_layers.h"

namespace dinolens::inference::detail::dinov2 {

/// Position embeddings for an H x W input, [1, 1 + gh*gw, D]: the learned table, bicubically resized to the
/// patch grid as current Hugging Face does (size = grid, align_corners false, no +0.1 offset; antialiased for
/// the with-registers model).
at::Tensor positionTable(const BackboneConfig& config, const VitWeights& weights, int64_t height, int64_t width);

/// [CLS + pos0, registers, patches + pos] -> [B, T, D].
at::Tensor embed(
    const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels, const at::Tensor& positions);

} // namespace dinolens::inference::detail::dinov2
