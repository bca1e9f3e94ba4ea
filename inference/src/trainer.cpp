// trainSegmentationHead: run folder, data, feature cache, resume and the epoch loop with checkpoints.
#include "dinolens/inference/trainer.h"

#include <ATen/core/grad_mode.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "content_hash.h"
#include "dinolens/core/json_text.h"
#include "dinolens/inference/base_model.h"
#include "dinolens/inference/safetensors.h"
#include "run_folder.h"
#include "tensor_conversion.h"
#include "training_run_log.h"
#include "training_session.h"
#include "training_validation.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

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

std::string headDescription(const detail::TrainingSession& session)
{
    const SegmentationHeadConfig& head = session.head.config;
    const BackboneConfig& backbone = session.backbone->config();
    const nlohmann::json json = { { "input_channels", head.inputChannels }, { "first_width", head.firstWidth },
        { "second_width", head.secondWidth }, { "num_classes", head.numClasses }, { "dropout", head.dropout },
        { "backbone_model_type", backbone.modelType }, { "backbone_hidden_size", backbone.hiddenSize },
        { "backbone_layers", backbone.numLayers }, { "patch_size", backbone.patchSize } };
    return core::jsonText(json);
}

detail::CheckpointState checkpointOf(
    const detail::TrainingSession& session, int epochsCompleted, const std::vector<TrainingEpochMetrics>& history)
{
    detail::CheckpointState state;
    state.epochsCompleted = epochsCompleted;
    state.globalStep = session.globalStep;
    state.dataFingerprint = session.data.report.fingerprint;
    state.history = history;
    for (const auto& [name, tensor] : session.head.state()) {
        state.tensors["head." + name] = detail::toFloatTensor(tensor.detach());
    }
    for (const auto& [name, tensor] : session.optimizer->state()) {
        state.tensors[name] = detail::toFloatTensor(tensor);
    }
    if (session.trainableBackbone) {
        for (const auto& [name, tensor] : session.trainableBackbone->parameters) {
            state.tensors[kBackbonePrefix + name] = detail::toFloatTensor(tensor.detach());
        }
        for (const auto& [name, tensor] : session.backboneOptimizer->state()) {
            state.tensors[kBackbonePrefix + name] = detail::toFloatTensor(tensor);
        }
    }
    return state;
}

core::Status restore(detail::TrainingSession& session, const detail::CheckpointState& state)
{
    std::map<std::string, at::Tensor> optimizerState;
    std::map<std::string, at::Tensor> backboneOptimizerState;
    bool hasBackbone = false;
    for (const auto& [name, tensor] : state.tensors) {
        at::Tensor value = detail::toTorch(tensor).clone();
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

Result<TrainingConfig> resumedConfig(const std::filesystem::path& runDir)
{
    const auto text = detail::readFileBytes(runDir / detail::kConfigFile);
    if (!text) {
        return makeError(ErrorCode::NotFound, "no run to resume here (config.json is missing)", runDir.string());
    }
    return trainingConfigFromJson(*text, (runDir / detail::kConfigFile).string());
}

// The network whose weights are trained: fresh ones for a random base model, else the checkpoint's.
Result<detail::TrainableVit> trainableNetwork(const TrainingConfig& config, const BackboneConfig& architecture)
{
    if (isRandomBaseModel(config.baseModel)) {
        return detail::TrainableVit::initialise(architecture, config.seed);
    }
    const std::vector<std::string>& spec = config.baseModel;
    return detail::TrainableVit::load(
        spec.size() == 2 ? ModelSource::fromFiles(spec[0], spec[1]) : ModelSource::fromFolder(spec[0]));
}

// Caches training features when the backbone is frozen and batches are not augmented; validation images are
// never augmented, so their features are cached whenever the backbone is frozen.
core::Status prepareFeatures(
    detail::TrainingSession& session, const detail::TrainingRunLog::Warn& warn, TrainingSummary& summary)
{
    const TrainingConfig& config = session.config;
    std::optional<uint64_t> fingerprint;
    if (!config.trainBackbone && (!config.augment || !config.validSplit.empty())) {
        auto computed = backboneFingerprint(*session.backbone);
        if (!computed) {
            return computed.error();
        }
        fingerprint = *computed;
    }
    if (!config.augment && fingerprint) {
        auto cache = detail::FeatureCache::build(*session.backbone, *fingerprint, session.data, config.featureCacheDir,
            session.cancel, session.callbacks.progress);
        if (!cache) {
            return cache.error();
        }
        summary.featureSeconds = cache->statistics().computeSeconds;
        summary.featuresFromDisk = cache->statistics().fromDisk;
        session.cache = std::move(*cache);
    }
    auto validation = detail::loadValidationData(session, fingerprint, warn, summary);
    if (!validation) {
        return validation.error();
    }
    session.validation = std::move(*validation);
    return core::okStatus();
}

core::Status prepareSession(detail::TrainingSession& session, const std::filesystem::path& runDir,
    const detail::TrainingRunLog::Warn& warn, TrainingSummary& summary)
{
    auto data = detail::loadTrainingData(session.config, session.cancel, session.callbacks.progress);
    if (!data) {
        return data.error();
    }
    session.data = std::move(*data);
    summary.data = session.data.report;
    const std::vector<float>& weights = session.data.report.classWeights;
    session.classWeights = at::tensor(at::ArrayRef<float>(weights));
    if (auto status = prepareFeatures(session, warn, summary); !status) {
        return status;
    }
    detail::initialiseHead(session);
    if (session.config.trainBackbone) {
        auto network = trainableNetwork(session.config, session.backbone->config());
        if (!network) {
            return network.error();
        }
        detail::initialiseTrainableBackbone(session, std::move(*network));
    }
    const TrainingDataReport* validation = session.validation ? &session.validation->data.report : nullptr;
    if (auto status = detail::writeDataFingerprint(runDir, session.data.report, validation); !status) {
        return status;
    }
    return detail::writeRunConfig(runDir, session.config, headDescription(session));
}

core::Status saveEpoch(const detail::TrainingSession& session, const std::filesystem::path& runDir, int epoch,
    const std::vector<TrainingEpochMetrics>& history)
{
    if (auto status = detail::writeCheckpoint(runDir, checkpointOf(session, epoch + 1, history)); !status) {
        return status;
    }
    if (session.trainableBackbone) {
        // The snapshot follows the checkpoint every epoch, so evaluating an unfinished run sees matching weights.
        if (auto status = detail::writeBackboneSnapshot(*session.trainableBackbone, runDir / detail::kBackboneFolder);
            !status) {
            return status;
        }
    }
    return detail::writeMetrics(runDir, history);
}

core::Status loadResumeState(
    const std::filesystem::path& runDir, TrainingConfig& config, std::optional<detail::CheckpointState>& checkpoint)
{
    auto saved = resumedConfig(runDir);
    if (!saved) {
        return saved.error();
    }
    config = *saved;
    auto state = detail::readCheckpoint(runDir);
    if (!state && state.error().code != ErrorCode::NotFound) {
        return state.error();
    }
    if (state) {
        checkpoint = std::move(*state);
    }
    return core::okStatus();
}

core::Status runEpochs(detail::TrainingSession& session, const std::filesystem::path& runDir, int firstEpoch,
    std::vector<TrainingEpochMetrics>& history, TrainingSummary& summary, detail::TrainingRunLog& runLog)
{
    const auto start = std::chrono::steady_clock::now();
    for (int epoch = firstEpoch; epoch < session.config.epochs; ++epoch) {
        auto metrics = detail::runTrainingEpoch(session, epoch);
        if (!metrics && metrics.error().code == ErrorCode::Cancelled) {
            summary.cancelled = true;
            break;
        }
        if (!metrics) {
            return metrics.error();
        }
        if (auto status = detail::validateEpoch(session, *metrics); !status) {
            if (status.error().code != ErrorCode::Cancelled) {
                return status;
            }
            summary.cancelled = true;
            break;
        }
        history.push_back(*metrics);
        if (auto status = saveEpoch(session, runDir, epoch, history); !status) {
            return status;
        }
        summary.epochsCompleted = epoch + 1;
        runLog.epochCompleted(session, *metrics);
        if (session.callbacks.onEpoch) {
            session.callbacks.onEpoch(*metrics);
        }
    }
    summary.trainingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.history = history;
    if (summary.cancelled) {
        return core::okStatus();
    }
    if (auto status = detail::writeCalibratedDetection(session, runDir); !status) {
        return status;
    }
    std::map<std::string, FloatTensor> weights;
    for (const auto& [name, tensor] : session.head.state()) {
        weights[name] = detail::toFloatTensor(tensor.detach());
    }
    return writeSafetensors(runDir / detail::kHeadFile, weights);
}

Result<TrainingSummary> train(const TrainingConfig& requested, const std::filesystem::path& runDir, bool resume,
    const TrainingCallbacks& callbacks, const core::CancelToken& cancel)
{
    auto session = std::make_unique<detail::TrainingSession>();
    session->config = requested;
    std::optional<detail::CheckpointState> checkpoint;
    if (resume) {
        if (auto status = loadResumeState(runDir, session->config, checkpoint); !status) {
            return status.error();
        }
    }
    session->config.baseModel = absoluteBaseModel(session->config.baseModel);
    session->callbacks = callbacks;
    session->cancel = cancel;
    if (auto status = validateTrainingConfig(session->config); !status) {
        return status.error();
    }
    const int threads = session->config.threads > 0
        ? session->config.threads
        : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    detail::flushDenormals();
    setComputeThreads(threads);
    // Before the run folder exists: a backbone that cannot load (CUDA asked for without CUDA) leaves nothing behind.
    auto backbone = loadBaseModel(session->config.baseModel, { .device = session->config.device, .threads = threads });
    if (!backbone) {
        return backbone.error();
    }
    session->backbone = &*backbone;
    if (auto status = detail::prepareRunFolder(runDir); !status) {
        return status.error();
    }
    detail::TrainingRunLog runLog(
        runDir, session->config, checkpoint ? checkpoint->history : std::vector<TrainingEpochMetrics> {}, callbacks);
    session->callbacks.onStep = runLog.observeSteps(callbacks.onStep);
    TrainingSummary summary;
    if (auto status = prepareSession(*session, runDir, runLog.warner(), summary); !status) {
        return status.error();
    }
    std::vector<TrainingEpochMetrics> history;
    int firstEpoch = 0;
    if (checkpoint) {
        if (checkpoint->dataFingerprint != session->data.report.fingerprint) {
            return makeError(ErrorCode::InvalidArgument,
                "the training data changed since the checkpoint was written; start a new run", runDir.string());
        }
        if (auto status = restore(*session, *checkpoint); !status) {
            return status.error();
        }
        history = checkpoint->history;
        firstEpoch = checkpoint->epochsCompleted;
        summary.resumedFromEpoch = firstEpoch;
    }
    if (auto status = runEpochs(*session, runDir, firstEpoch, history, summary, runLog); !status) {
        return status.error();
    }
    runLog.finished(summary.cancelled);
    summary.warnings = runLog.warnings();
    return summary;
}

} // namespace

Result<TrainingSummary> trainSegmentationHead(const TrainingConfig& config, const std::filesystem::path& runDir,
    bool resume, const TrainingCallbacks& callbacks, const core::CancelToken& cancel)
{
    try {
        return train(config, runDir, resume, callbacks, cancel);
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("training failed: ") + error.what(), runDir.string());
    }
}

} // namespace dinolens::inference
