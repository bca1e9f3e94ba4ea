// A training session's checkpoint state: the head, the trained backbone and their optimisers' moments, by name.
#include "training_checkpoint.h"

#include <ATen/core/grad_mode.h>

#include "tensor_conversion.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

// Checkpoint names of the trained backbone: "backbone.<Hugging Face key>" and "backbone.adam.{m,v}.<key>".
const std::string kBackbonePrefix = "backbone.";

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0;
}

// Copies a checkpoint tensor into the parameter or buffer of the same name.
core::Status restoreInto(std::map<std::string, at::Tensor>& target, const std::string& key, const at::Tensor& value,
    const std::string& checkpointName)
{
    if (target.count(key) == 0 || !target[key].sizes().equals(value.sizes())) {
        return makeError(ErrorCode::InvalidFormat, "checkpoint does not match this network", checkpointName);
    }
    at::NoGradGuard noGrad;
    target[key].copy_(value);
    return core::okStatus();
}

} // namespace

CheckpointState checkpointOf(
    const TrainingSession& session, int epochsCompleted, const std::vector<TrainingEpochMetrics>& history)
{
    CheckpointState state;
    state.epochsCompleted = epochsCompleted;
    state.globalStep = session.globalStep;
    state.dataFingerprint = session.data.report.fingerprint;
    state.history = history;
    for (const auto& [name, tensor] : session.head.state()) {
        state.tensors["head." + name] = toFloatTensor(tensor.detach());
    }
    for (const auto& [name, tensor] : session.optimizer->state()) {
        state.tensors[name] = toFloatTensor(tensor);
    }
    if (session.trainableBackbone) {
        for (const auto& [name, tensor] : session.trainableBackbone->parameters) {
            state.tensors[kBackbonePrefix + name] = toFloatTensor(tensor.detach());
        }
        for (const auto& [name, tensor] : session.backboneOptimizer->state()) {
            state.tensors[kBackbonePrefix + name] = toFloatTensor(tensor);
        }
    }
    return state;
}

core::Status restoreCheckpoint(TrainingSession& session, const CheckpointState& state)
{
    std::map<std::string, at::Tensor> optimizerState;
    std::map<std::string, at::Tensor> backboneOptimizerState;
    bool hasBackbone = false;
    for (const auto& [name, tensor] : state.tensors) {
        at::Tensor value = toTorch(tensor).clone();
        core::Status status = core::okStatus();
        if (startsWith(name, "head.")) {
            const std::string key = name.substr(5);
            auto& target = session.head.parameters.count(key) != 0 ? session.head.parameters : session.head.buffers;
            status = restoreInto(target, key, value, name);
        } else if (startsWith(name, kBackbonePrefix + "adam.")) {
            backboneOptimizerState[name.substr(kBackbonePrefix.size())] = value;
        } else if (startsWith(name, kBackbonePrefix)) {
            if (!session.trainableBackbone) {
                return makeError(ErrorCode::InvalidFormat, "checkpoint holds a trained backbone; this run has none");
            }
            hasBackbone = true;
            status
                = restoreInto(session.trainableBackbone->parameters, name.substr(kBackbonePrefix.size()), value, name);
        } else {
            optimizerState[name] = value;
        }
        if (!status) {
            return status;
        }
    }
    if (!session.optimizer->restore(optimizerState, state.globalStep)) {
        return makeError(ErrorCode::InvalidFormat, "checkpoint lacks the optimiser state");
    }
    if (session.trainableBackbone
        && (!hasBackbone || !session.backboneOptimizer->restore(backboneOptimizerState, state.globalStep))) {
        return makeError(ErrorCode::InvalidFormat, "checkpoint lacks the trained backbone or its optimiser state");
    }
    session.globalStep = state.globalStep;
    return core::okStatus();
}

} // namespace dinolens::inference::detail
