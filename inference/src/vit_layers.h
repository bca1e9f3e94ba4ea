#pragma once
// Private: the pieces DINOv2 and DINOv3 share. Both are pre-norm ViT blocks with LayerScale:
//   x = x + l1 * Attn(LN1(x));  x = x + l2 * MLP(LN2(x))
// and differ in embeddings (absolute position table vs RoPE), key names and MLP flavour.
// q, k and v are fused into one [3D, D] projection (a missing bias is stored as zeros, which adds exactly 0),
// and gate/up projections of gated MLPs into one [2I, D] projection, so each block runs four large GEMMs.

#include <ATen/ATen.h>

#include <optional>
#include <vector>

#include "dinolens/inference/backbone_config.h"

namespace dinolens::inference::detail {

struct LayerWeights {
    at::Tensor norm1Weight, norm1Bias;
    at::Tensor qkvWeight, qkvBias; // [3D, D], [3D]
    at::Tensor projWeight, projBias;
    at::Tensor scale1;
    at::Tensor norm2Weight, norm2Bias;
    at::Tensor inWeight, inBias; // Mlp: fc1 [I, D]; SwiGlu / Gated: [act half | linear half] [2I, D]
    at::Tensor outWeight, outBias; // [D, I]
    at::Tensor scale2;
};

struct VitWeights {
    at::Tensor patchWeight, patchBias; // [D, C, P, P], [D]
    at::Tensor clsToken; // [1, 1, D]
    at::Tensor registerTokens; // [1, R, D] or undefined
    at::Tensor positionEmbeddings; // v2: [1, 1 + M*M, D]; undefined for v3
    at::Tensor finalNormWeight, finalNormBias;
    std::vector<LayerWeights> layers;
};

/// RoPE tables [N, dh] for the patch tokens; sinSigned has its first half negated so that
/// rotate_half(u) * sin == swap_halves(u) * sinSigned (a sign flip is exact).
struct RopeTables {
    at::Tensor cos, sin, sinSigned;
};

struct AttentionSettings {
    int64_t blockBytes = 64ll * 1024 * 1024; // ATen path: bound on one query block's [B*nh, rows, T] scores
    // Native path: one task's [rows, T] score block. Measured at 896 x 896 (T = 3141): 64 Ki floats (20-row
    // blocks) ran at 102 GFLOP/s, 1 Mi floats (333 rows) at 184: GEMMs with few rows are inefficient.
    int64_t cacheBlockFloats = 1024 * 1024;
};

/// Concatenates q/k/v weights and biases (undefined bias -> zeros) into the fused projection.
void fuseQkv(LayerWeights& layer, const at::Tensor& q, const at::Tensor& qBias, const at::Tensor& k,
    const at::Tensor& kBias, const at::Tensor& v, const at::Tensor& vBias);

/// One transformer block; returns the new residual stream (x itself is not modified).
at::Tensor runBlock(const BackboneConfig& config, const LayerWeights& layer, const at::Tensor& x,
    const RopeTables* rope, const AttentionSettings& settings);

/// Patch embedding: Conv2d(P, stride P) -> [B, gh*gw, D].
at::Tensor embedPatches(const VitWeights& weights, const at::Tensor& pixels, int64_t patchSize);

/// Moves every tensor of `weights` to `device`.
void moveWeights(VitWeights& weights, const at::Device& device);

} // namespace dinolens::inference::detail
