#pragma once
// Private: copies between the torch-free FloatTensor and at::Tensor, and the split of the normed sequence into
// the public outputs.

#include <ATen/ATen.h>

#include "dinolens/inference/backbone.h"

namespace dinolens::inference::detail {

/// A CPU tensor viewing `tensor`'s buffer (no copy): valid only while `tensor` lives and must not be written.
at::Tensor toTorch(const FloatTensor& tensor);

/// Copies any float tensor (any device, any layout) into a FloatTensor.
FloatTensor toFloatTensor(const at::Tensor& tensor);

/// lastHiddenState, poolerOutput, registers and (optionally) the patch grid from the normed [B, T, D] sequence.
void fillOutputs(const BackboneConfig& config, const at::Tensor& normed, bool includePatchGrid, BackboneOutput& output);

} // namespace dinolens::inference::detail
