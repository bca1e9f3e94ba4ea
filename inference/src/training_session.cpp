#include "training_session.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include "augmentation.h"
#include "dice_counts.h"
#include "loss_functions.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

core::Result<std::pair<at::Tensor, at::Tensor>> batchTensors(
    TrainingSession& session, const std::vector<size_t>& indices, std::mt19937_64& random)
{
    at::Tensor masks = batchMasks(session.data, indices);
    if (session.cache) {
        return std::make_pair(session.cache->batch(indices), masks);
    }
    at::Tensor pixels;
    if (session.config.augment) {
        const int64_t side = session.data.resolution;
        at::Tensor grey = at::empty({ static_cast<int64_t>(indices.size()), 1, side, side }, at::kFloat);
        for (size_t i = 0; i < indices.size(); ++i) {
            const std::vector<float>& values = session.data.samples[indices[i]].grey;
            std::copy(values.begin(), values.end(), grey.data_ptr<float>() + i * values.size());
        }
        AugmentedBatch augmented = augmentBatch(grey, masks, random);
        pixels = greyToPixels(augmented.grey);
        masks = augmented.masks;
    } else {
        pixels = samplePixels(session.data, indices);
    }
    if (session.trainableBackbone) {
        return std::make_pair(session.trainableBackbone->forward(pixels), masks);
    }
    auto features = backboneFeatures(*session.backbone, pixels, &session.cancel);
    if (!features) {
        return features.error();
    }
    return std::make_pair(*features, masks);
}

core::Result<TrainingStepMetrics> trainStep(
    TrainingSession& session, const std::vector<size_t>& indices, std::mt19937_64& random, DiceCounts& counts)
{
    const TrainingConfig& config = session.config;
    auto batch = batchTensors(session, indices, random);
    if (!batch) {
        return batch.error();
    }
    const double learningRate = scheduledLearningRate(config.learningRate, config.warmupFraction,
        config.minLearningRateFraction, session.globalStep, session.totalSteps());
    const at::Tensor logits = session.head.forward(batch->first, config.resolution, config.resolution, true);
    const LossTerms terms = segmentationLossTerms(
        logits, batch->second, session.classWeights, config.crossEntropyWeight, config.diceWeight);
    const double loss = terms.total.item<double>();
    if (!std::isfinite(loss)) {
        return makeError(ErrorCode::Internal,
            "the loss is not finite at step " + std::to_string(session.globalStep + 1)
                + "; training stopped (lower the learning rate or the weight decay); the last checkpoint is intact");
    }
    terms.total.backward();
    session.optimizer->step(learningRate);
    if (session.backboneOptimizer) {
        session.backboneOptimizer->step(learningRate);
    }
    ++session.globalStep;
    {
        at::NoGradGuard noGrad;
        counts.add(logits.detach(), batch->second);
    }
    TrainingStepMetrics metrics;
    metrics.loss = loss;
    metrics.crossEntropy = terms.crossEntropy.item<double>();
    metrics.diceLoss = terms.diceLoss.item<double>();
    metrics.learningRate = learningRate;
    return metrics;
}

} // namespace

at::Tensor batchMasks(const TrainingData& data, const std::vector<size_t>& indices)
{
    const int64_t side = data.resolution;
    at::Tensor masks = at::empty({ static_cast<int64_t>(indices.size()), side, side }, at::kByte);
    uint8_t* out = masks.data_ptr<uint8_t>();
    for (size_t i = 0; i < indices.size(); ++i) {
        const std::vector<uint8_t>& mask = data.samples[indices[i]].mask;
        std::copy(mask.begin(), mask.end(), out + i * mask.size());
    }
    return masks.to(at::kLong);
}

core::Result<at::Tensor> evaluationFeatures(
    TrainingSession& session, const TrainingData& data, const FeatureCache* cache, const std::vector<size_t>& indices)
{
    if (cache != nullptr) {
        return cache->batch(indices);
    }
    const at::Tensor pixels = samplePixels(data, indices);
    if (session.trainableBackbone) {
        return session.trainableBackbone->forward(pixels);
    }
    return backboneFeatures(*session.backbone, pixels, &session.cancel);
}

int64_t TrainingSession::stepsPerEpoch() const
{
    const auto count = static_cast<int64_t>(data.samples.size());
    return (count + config.batchSize - 1) / config.batchSize;
}

void initialiseHead(TrainingSession& session)
{
    const SegmentationHeadConfig headConfig
        = headConfigForHiddenSize(session.backbone->config().hiddenSize, 4, session.config.dropout);
    session.head = HeadNetwork::create(headConfig, session.config.seed);
    session.head.setRequiresGrad(true);
    session.optimizer = std::make_unique<AdamWOptimizer>(&session.head.parameters, session.config.weightDecay);
}

void initialiseTrainableBackbone(TrainingSession& session, TrainableVit network)
{
    session.trainableBackbone = std::move(network);
    session.trainableBackbone->setRequiresGrad(true);
    session.backboneOptimizer
        = std::make_unique<AdamWOptimizer>(&session.trainableBackbone->parameters, session.config.weightDecay);
}

core::Result<TrainingEpochMetrics> runTrainingEpoch(TrainingSession& session, int epoch)
{
    const TrainingConfig& config = session.config;
    const auto start = std::chrono::steady_clock::now();
    std::mt19937_64 random(config.seed * 1000003ull + static_cast<uint64_t>(epoch));
    at::manual_seed(config.seed * 7919ull + static_cast<uint64_t>(epoch) + 1);
    std::vector<size_t> order(session.data.samples.size());
    std::iota(order.begin(), order.end(), size_t { 0 });
    std::shuffle(order.begin(), order.end(), random);

    TrainingEpochMetrics metrics;
    metrics.epoch = epoch;
    DiceCounts counts;
    const int64_t steps = session.stepsPerEpoch();
    for (int64_t step = 0; step < steps; ++step) {
        if (session.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "training cancelled");
        }
        const size_t first = static_cast<size_t>(step * config.batchSize);
        const size_t last = std::min(order.size(), first + static_cast<size_t>(config.batchSize));
        const std::vector<size_t> indices(
            order.begin() + static_cast<std::ptrdiff_t>(first), order.begin() + static_cast<std::ptrdiff_t>(last));
        auto stepMetrics = trainStep(session, indices, random, counts);
        if (!stepMetrics) {
            return stepMetrics.error();
        }
        stepMetrics->epoch = epoch;
        stepMetrics->step = static_cast<int>(step);
        stepMetrics->stepsPerEpoch = static_cast<int>(steps);
        metrics.loss += stepMetrics->loss / static_cast<double>(steps);
        metrics.crossEntropy += stepMetrics->crossEntropy / static_cast<double>(steps);
        metrics.diceLoss += stepMetrics->diceLoss / static_cast<double>(steps);
        metrics.learningRate = stepMetrics->learningRate;
        if (session.callbacks.onStep) {
            session.callbacks.onStep(*stepMetrics);
        }
    }
    metrics.trainDice = counts.dice();
    metrics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return metrics;
}

} // namespace dinolens::inference::detail
