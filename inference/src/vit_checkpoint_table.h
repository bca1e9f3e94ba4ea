#pragma once
// Private: one table per backbone architecture. Each entry names a checkpoint tensor as Hugging Face spells it,
// gives its shape, and says which weight it becomes. The key check, the weight assembly, random initialisation and
// the trainable DINOv3 all read their names from this table, so that a name is written once.

#include <cstdint>
#include <string>
#include <vector>

#include "checkpoint_reader.h"
#include "vit_layers.h"

namespace dinolens::inference::detail {

/// Tensors outside the transformer blocks.
enum class ModelTensor { ClsToken, RegisterTokens, PositionEmbeddings, PatchWeight, PatchBias, NormWeight, NormBias };

/// Tensors of one transformer block. The MLP's input projection is `In` (fc1, weights_in or up_proj); a gated MLP
/// adds `Gate`, the activated half, which the assembly puts first: [gate | in].
enum class LayerTensor {
    Norm1Weight,
    Norm1Bias,
    QueryWeight,
    QueryBias,
    KeyWeight,
    KeyBias,
    ValueWeight,
    ValueBias,
    ProjectionWeight,
    ProjectionBias,
    Scale1,
    Norm2Weight,
    Norm2Bias,
    InWeight,
    InBias,
    GateWeight,
    GateBias,
    OutWeight,
    OutBias,
    Scale2,
};

template <typename Slot> struct TableEntry {
    Slot slot;
    std::string name; // the full name; for a block, the part after "<prefix><index>."
    std::vector<int64_t> shape;
};

/// The checkpoint layout of one configured backbone (DINOv2, DINOv2 with registers, or DINOv3); only the tensors
/// that this configuration has (biases, registers, gate) are listed. Immutable after construction.
class CheckpointTable {
public:
    static CheckpointTable of(const BackboneConfig& config);

    /// Every tensor the checkpoint must hold, in the architecture's order (random initialisation depends on it).
    std::vector<ExpectedTensor> expectedTensors() const;

    /// The checkpoint name of `slot`, or "" when this configuration has no such tensor.
    std::string name(ModelTensor slot) const;
    std::string name(LayerTensor slot, int64_t layer) const;

    /// Builds the fused inference weights, consuming the table's entries of `tensors`.
    VitWeights assemble(TensorMap& tensors) const;

private:
    LayerWeights assembleLayer(int64_t layer, TensorMap& tensors) const;

    int64_t m_layers = 0;
    std::string m_layerPrefix; // "encoder.layer." (DINOv2) or "layer." (DINOv3)
    std::vector<TableEntry<ModelTensor>> m_model;
    std::vector<TableEntry<LayerTensor>> m_layer;
};

} // namespace dinolens::inference::detail
