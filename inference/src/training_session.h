#pragma once
// Private: the state of a training run between epochs, and one epoch of head training (see trainer.h for the
// reproducibility contract: epoch e draws its data order, augmentation and dropout from (seed, e) only).

#include <ATen/ATen.h>

#include <memory>
#include <optional>

#include "adamw_optimizer.h"
#include "dinolens/core/detection_metrics.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/trainer.h"
#include "feature_cache.h"
#include "head_network.h"
#include "process_group.h"
#include "trainable_vit.h"
#include "training_data.h"

namespace dinolens::inference::detail {

// The validation split (trainer.h): decoded once, and with a frozen backbone its features cached once.
struct ValidationData {
    TrainingData data;
    std::optional<FeatureCache> cache;
    std::vector<core::ScoredCase> scores; // detection scores of the last validation pass, one per image
};

struct TrainingSession {
    TrainingConfig config;
    const Backbone* backbone = nullptr;
    TrainingData data;
    std::optional<FeatureCache> cache; // empty: the backbone runs on every batch
    std::optional<ValidationData> validation; // empty: no validation
    HeadNetwork head;
    std::unique_ptr<AdamWOptimizer> optimizer; // points into head.parameters: the session must not move
    std::optional<TrainableVit> trainableBackbone; // set when config.trainBackbone: replaces the frozen features
    std::unique_ptr<AdamWOptimizer> backboneOptimizer; // points into trainableBackbone->parameters
    at::Tensor classWeights;
    int64_t globalStep = 0;
    TrainingCallbacks callbacks;
    core::CancelToken cancel;
    // A distributed run's group (null: one process). Each rank trains its share of every global batch
    // (distributed_training.h); rank 0 alone writes the run folder.
    std::shared_ptr<ProcessGroup> group;
    double allReduceSeconds = 0.0; // gradient, BatchNorm and loss all-reduces of the training steps so far

    int64_t stepsPerEpoch() const;
    int64_t totalSteps() const { return stepsPerEpoch() * config.epochs; }
    bool isMainRank() const { return !group || group->rank() == 0; }
};

/// Creates head and optimiser for `session.backbone` (seeded by config.seed).
void initialiseHead(TrainingSession& session);

/// Makes `network` the trained backbone with its own AdamW (same schedule and weight decay as the head).
void initialiseTrainableBackbone(TrainingSession& session, TrainableVit network);

/// Class masks [B, side, side] int64 of the given samples.
at::Tensor batchMasks(const TrainingData& data, const std::vector<size_t>& indices);

/// Features of un-augmented samples for evaluation-mode passes (validation, previews): from `cache` when given,
/// else through the trained or frozen backbone. Call under a NoGradGuard. Errors: those of the backbone.
core::Result<at::Tensor> evaluationFeatures(
    TrainingSession& session, const TrainingData& data, const FeatureCache* cache, const std::vector<size_t>& indices);

/// Trains one epoch. Errors: Cancelled (between batches; the head is then mid-epoch and must not be saved),
/// Internal (non-finite loss, LibTorch failure).
core::Result<TrainingEpochMetrics> runTrainingEpoch(TrainingSession& session, int epoch);

} // namespace dinolens::inference::detail
