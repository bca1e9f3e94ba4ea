// trainSegmentationHead: run folder, data, feature cache, resume and the epoch loop with checkpoints.
#include "dinolens/inference/trainer.h"

#include <ATen/core/grad_mode.h>
#include <c10/util/Exception.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "content_hash.h"
#include "dinolens/core/json_text.h"
#include "dinolens/inference/base_model.h"
#include "dinolens/inference/safetensors.h"
#include "distributed_training.h"
#include "run_folder.h"
#include "tensor_conversion.h"
#include "training_checkpoint.h"
#include "training_run_log.h"
#include "training_session.h"
#include "training_validation.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

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
            session.cancel, session.callbacks.progress, session.group.get());
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

// `resumedEpochs`: the checkpoint's completed epochs (0 for a fresh run), which every rank must agree on.
core::Status prepareSession(detail::TrainingSession& session, const std::filesystem::path& runDir,
    const detail::TrainingRunLog::Warn& warn, TrainingSummary& summary, int resumedEpochs)
{
    auto data = detail::loadTrainingData(session.config, session.cancel, session.callbacks.progress);
    if (!data) {
        return data.error();
    }
    session.data = std::move(*data);
    if (session.group) {
        if (auto status = detail::checkSameRun(session, resumedEpochs); !status) {
            return status;
        }
    }
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
    if (!session.isMainRank()) {
        return core::okStatus();
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
    if (auto status = detail::writeCheckpoint(runDir, detail::checkpointOf(session, epoch + 1, history)); !status) {
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

core::Status writeFinalFiles(const detail::TrainingSession& session, const std::filesystem::path& runDir)
{
    if (auto status = detail::writeCalibratedDetection(session, runDir); !status) {
        return status;
    }
    std::map<std::string, FloatTensor> weights;
    for (const auto& [name, tensor] : session.head.state()) {
        weights[name] = detail::toFloatTensor(tensor.detach());
    }
    return writeSafetensors(runDir / detail::kHeadFile, weights);
}

// Rank 0 writes the checkpoint and logs the epoch; the other ranks of a distributed run write nothing.
core::Status runEpochs(detail::TrainingSession& session, const std::filesystem::path& runDir, int firstEpoch,
    std::vector<TrainingEpochMetrics>& history, TrainingSummary& summary, detail::TrainingRunLog* runLog)
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
        if (runLog != nullptr) {
            if (auto status = saveEpoch(session, runDir, epoch, history); !status) {
                return status;
            }
            runLog->epochCompleted(session, *metrics);
        }
        summary.epochsCompleted = epoch + 1;
        if (session.callbacks.onEpoch) {
            session.callbacks.onEpoch(*metrics);
        }
    }
    summary.trainingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    summary.history = history;
    summary.allReduceSeconds = session.allReduceSeconds;
    summary.steps = (summary.epochsCompleted - firstEpoch) * session.stepsPerEpoch();
    if (summary.cancelled || runLog == nullptr) {
        return core::okStatus();
    }
    return writeFinalFiles(session, runDir);
}

// Config (the saved one when resuming), threads and, for a distributed launch, the group.
core::Status configureSession(detail::TrainingSession& session, const std::filesystem::path& runDir, bool resume,
    std::optional<detail::CheckpointState>& checkpoint, int ranksOnThisHost)
{
    if (resume) {
        if (auto status = loadResumeState(runDir, session.config, checkpoint); !status) {
            return status;
        }
    }
    session.config.baseModel = absoluteBaseModel(session.config.baseModel);
    if (auto status = validateTrainingConfig(session.config); !status) {
        return status;
    }
    detail::flushDenormals();
    // threads = 0: one per core, shared among the ranks on this host.
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    setComputeThreads(session.config.threads > 0 ? session.config.threads : std::max(1, cores / ranksOnThisHost));
    return core::okStatus();
}

core::Status joinGroup(detail::TrainingSession& session, const DistributedLaunch& launch)
{
    if (!launch.isDistributed()) {
        return core::okStatus();
    }
    auto group = detail::ProcessGroup::connect(launch);
    if (!group) {
        return group.error();
    }
    session.group = std::move(*group);
    return core::okStatus();
}

// Resumes from the checkpoint (every rank reads it), then makes every rank start from rank 0's state.
Result<int> startingEpoch(detail::TrainingSession& session, const std::optional<detail::CheckpointState>& checkpoint,
    const std::filesystem::path& runDir, std::vector<TrainingEpochMetrics>& history)
{
    int firstEpoch = 0;
    if (checkpoint) {
        if (checkpoint->dataFingerprint != session.data.report.fingerprint) {
            return makeError(ErrorCode::InvalidArgument,
                "the training data changed since the checkpoint was written; start a new run", runDir.string());
        }
        if (auto status = detail::restoreCheckpoint(session, *checkpoint); !status) {
            return status.error();
        }
        history = checkpoint->history;
        firstEpoch = checkpoint->epochsCompleted;
    }
    if (session.group) {
        detail::broadcastTrainingState(session);
    }
    return firstEpoch;
}

Result<TrainingSummary> train(const TrainingConfig& requested, const std::filesystem::path& runDir, bool resume,
    const TrainingCallbacks& callbacks, const core::CancelToken& cancel, const DistributedLaunch& launch)
{
    auto session = std::make_unique<detail::TrainingSession>();
    session->config = requested;
    session->callbacks = callbacks;
    session->cancel = cancel;
    std::optional<detail::CheckpointState> checkpoint;
    if (auto status = configureSession(*session, runDir, resume, checkpoint, std::max(1, launch.localWorldSize));
        !status) {
        return status.error();
    }
    // Before the run folder exists: a backbone that cannot load (CUDA asked for without CUDA) leaves nothing behind.
    auto backbone
        = loadBaseModel(session->config.baseModel, { .device = session->config.device, .threads = computeThreads() });
    if (!backbone) {
        return backbone.error();
    }
    session->backbone = &*backbone;
    if (auto status = joinGroup(*session, launch); !status) {
        return status.error();
    }
    std::optional<detail::TrainingRunLog> runLog;
    if (session->isMainRank()) {
        if (auto status = detail::prepareRunFolder(runDir); !status) {
            return status.error();
        }
        runLog.emplace(runDir, session->config, checkpoint ? checkpoint->history : std::vector<TrainingEpochMetrics> {},
            callbacks);
        session->callbacks.onStep = runLog->observeSteps(callbacks.onStep);
    }
    TrainingSummary summary;
    summary.worldSize = launch.worldSize;
    detail::TrainingRunLog::Warn warn = runLog ? runLog->warner() : callbacks.onWarning;
    if (!warn) {
        warn = [](const std::string&) {};
    }
    if (auto status = prepareSession(*session, runDir, warn, summary, checkpoint ? checkpoint->epochsCompleted : 0);
        !status) {
        return status.error();
    }
    std::vector<TrainingEpochMetrics> history;
    auto firstEpoch = startingEpoch(*session, checkpoint, runDir, history);
    if (!firstEpoch) {
        return firstEpoch.error();
    }
    summary.resumedFromEpoch = checkpoint ? *firstEpoch : -1;
    if (auto status = runEpochs(*session, runDir, *firstEpoch, history, summary, runLog ? &*runLog : nullptr);
        !status) {
        return status.error();
    }
    if (runLog) {
        runLog->finished(summary.cancelled);
        summary.warnings = runLog->warnings();
    }
    return summary;
}

} // namespace

Result<TrainingSummary> trainSegmentationHead(
    const TrainingConfig& config, const std::filesystem::path& runDir, const TrainingOptions& options)
{
    try {
        return train(config, runDir, options.resume, options.callbacks, options.cancel, options.launch);
    } catch (const detail::CollectiveFailure& error) {
        return makeError(ErrorCode::Internal, error.what(), runDir.string());
    } catch (const c10::Error& error) {
        return makeError(
            ErrorCode::Internal, std::string("training failed: ") + error.what_without_backtrace(), runDir.string());
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("training failed: ") + error.what(), runDir.string());
    }
}

} // namespace dinolens::inference
