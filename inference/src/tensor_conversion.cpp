#include "tensor_conversion.h"

namespace dinolens::inference::detail {

at::Tensor toTorch(const FloatTensor& tensor)
{
    // from_blob wants a mutable pointer; the callers only read through the returned view.
    return at::from_blob(const_cast<float*>(tensor.data.data()), tensor.shape, at::TensorOptions(at::kFloat));
}

FloatTensor toFloatTensor(const at::Tensor& tensor)
{
    const at::Tensor host = tensor.to(at::kCPU, at::kFloat).contiguous();
    FloatTensor result;
    result.shape = host.sizes().vec();
    const float* begin = host.data_ptr<float>();
    result.data.assign(begin, begin + host.numel());
    return result;
}

void fillOutputs(const BackboneConfig& config, const at::Tensor& normed, bool includePatchGrid, BackboneOutput& output)
{
    const int64_t batch = normed.size(0);
    const int64_t prefix = config.numPrefixTokens();
    output.lastHiddenState = toFloatTensor(normed);
    output.poolerOutput = toFloatTensor(normed.select(1, 0));
    output.registers = toFloatTensor(normed.narrow(1, 1, config.numRegisterTokens));
    if (includePatchGrid) {
        const at::Tensor patches = normed.narrow(1, prefix, normed.size(1) - prefix);
        output.patchGrid
            = toFloatTensor(patches.reshape({ batch, output.gridHeight, output.gridWidth, config.hiddenSize }));
    }
}

} // namespace dinolens::inference::detail

namespace dinolens::inference {

std::map<std::string, FloatTensor> namedOutputs(const BackboneOutput& output)
{
    std::map<std::string, FloatTensor> named = output.positionTables;
    named["last_hidden_state"] = output.lastHiddenState;
    named["pooler_output"] = output.poolerOutput;
    for (const auto& [index, state] : output.hiddenStates) {
        named["hidden_states." + std::to_string(index)] = state;
    }
    return named;
}

} // namespace dinolens::inference
