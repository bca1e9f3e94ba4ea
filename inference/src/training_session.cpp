#include "training_session.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include "augmentation.h"
#include "dice_counts.h"
#include "distributed_training.h"
#include "loss_functions.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

std::vector<size_t> slice(const std::vector<size_t>& indices, std::pair<size_t, size_t> range)
{
    return { indices.begin() + static_cast<std::ptrdiff_t>(range.first),
        indices.begin() + static_cast<std::ptrdiff_t>(range.second) };
}

// Pixels of the rank's share `range` of the global batch `indices` (all of it in one process). Augmentation draws
// for the whole global batch on every rank, so that the generator and each sample's augmentation do not depend on
// the world size; the backbone then runs on the share only.
at::Tensor augmentedShare(TrainingSession& session, const std::vector<size_t>& indices, std::pair<size_t, size_t> range,
    std::mt19937_64& random, at::Tensor& masks)
{
    const int64_t side = session.data.resolution;
    at::Tensor grey = at::empty({ static_cast<int64_t>(indices.size()), 1, side, side }, at::kFloat);
    for (size_t i = 0; i < indices.size(); ++i) {
        const std::vector<float>& values = session.data.samples[indices[i]].grey;
        std::copy(values.begin(), values.end(), grey.data_ptr<float>() + i * values.size());
    }
    AugmentedBatch augmented = augmentBatch(grey, masks, random, session.config.augmentMri);
    const auto first = static_cast<int64_t>(range.first);
    const auto count = static_cast<int64_t>(range.second - range.first);
    masks = augmented.masks.narrow(0, first, count);
    return greyToPixels(augmented.grey.narrow(0, first, count));
}

// Features and masks of the rank's share `range` of the global batch `indices`.
core::Result<std::pair<at::Tensor, at::Tensor>> batchTensors(TrainingSession& session,
    const std::vector<size_t>& indices, std::pair<size_t, size_t> range, std::mt19937_64& random)
{
    const std::vector<size_t> share = slice(indices, range);
    if (session.cache) {
        return std::make_pair(session.cache->batch(share), batchMasks(session.data, share));
    }
    at::Tensor pixels;
    at::Tensor masks;
    if (session.config.augment) {
        masks = batchMasks(session.data, indices);
        pixels = augmentedShare(session, indices, range, random, masks);
    } else {
        masks = batchMasks(session.data, share);
        pixels = samplePixels(session.data, share);
    }
    if (share.empty()) { // this rank's share of a short last batch: nothing for the backbone to do
        const BackboneConfig& backbone = session.backbone->config();
        const int64_t grid = session.data.resolution / backbone.patchSize;
        return std::make_pair(at::empty({ 0, backbone.hiddenSize, grid, grid }, at::kFloat), masks);
    }
    if (session.trainableBackbone) {
        return std::make_pair(session.trainableBackbone->forward(pixels), masks);
    }
    auto features = backboneFeatures(*session.backbone, pixels, session.cancel);
    if (!features) {
        return features.error();
    }
    return std::make_pair(*features, masks);
}

// In a distributed run a cancel on any rank (Ctrl-C reaches every rank of torchrun or srun, but not at the same
// step) stops every rank before the same step, so that all of them end cleanly with the same checkpoint.
bool cancelRequested(TrainingSession& session)
{
    if (!session.group) {
        return session.cancel.isCancelled();
    }
    at::Tensor flag = at::full({ 1 }, session.cancel.isCancelled() ? 1.0f : 0.0f, at::kFloat);
    session.group->allReduceSum(flag, "the cancel check");
    return flag.item<float>() > 0.0f;
}

// The summed gradients of every rank (distributed_training.h); nothing in one process.
void reduceGradients(TrainingSession& session)
{
    if (!session.group) {
        return;
    }
    allReduceGradients(session.head.parameters, *session.group);
    if (session.trainableBackbone) {
        allReduceGradients(session.trainableBackbone->parameters, *session.group);
    }
}

core::Result<TrainingStepMetrics> trainStep(
    TrainingSession& session, const std::vector<size_t>& indices, std::mt19937_64& random, DiceCounts& counts)
{
    const TrainingConfig& config = session.config;
    ProcessGroup* group = session.group.get();
    const auto range = group != nullptr ? shardRange(indices.size(), group->rank(), group->worldSize())
                                        : std::make_pair<size_t, size_t>(0, indices.size());
    auto batch = batchTensors(session, indices, range, random);
    if (!batch) {
        return batch.error();
    }
    const double learningRate = scheduledLearningRate(config.learningRate, config.warmupFraction,
        config.minLearningRateFraction, session.globalStep, session.totalSteps());
    const BatchShard shard { group, static_cast<int64_t>(range.first) };
    const at::Tensor logits = session.head.forward(batch->first, config.resolution, config.resolution, true, &shard);
    const LossTerms terms = segmentationLossTerms(
        logits, batch->second, session.classWeights, config.crossEntropyWeight, config.diceWeight, group);
    const double loss = terms.total.item<double>();
    if (!std::isfinite(loss)) {
        return makeError(ErrorCode::Internal,
            "the loss is not finite at step " + std::to_string(session.globalStep + 1)
                + "; training stopped (lower the learning rate or the weight decay); the last checkpoint is intact");
    }
    terms.total.backward();
    reduceGradients(session);
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
    return backboneFeatures(*session.backbone, pixels, session.cancel);
}

namespace {

// Per dataset: the sample indices, and how many draws an epoch makes of them (weight x count, rounded).
struct DatasetDraws {
    std::vector<size_t> indices;
    size_t draws = 0;
};

std::vector<DatasetDraws> datasetDraws(const TrainingSession& session)
{
    std::vector<DatasetDraws> draws(std::max<size_t>(1, session.config.datasets.size()));
    for (size_t i = 0; i < session.data.samples.size(); ++i) {
        const auto d = static_cast<size_t>(session.data.samples[i].dataset);
        draws[std::min(d, draws.size() - 1)].indices.push_back(i);
    }
    for (size_t d = 0; d < draws.size(); ++d) {
        const double weight = d < session.config.datasets.size() ? session.config.datasets[d].weight : 1.0;
        draws[d].draws = static_cast<size_t>(std::llround(weight * static_cast<double>(draws[d].indices.size())));
    }
    return draws;
}

// The epoch's sample order: each dataset's images drawn weight x count times (whole passes, then a random part of
// one more), all shuffled together. With every weight 1 this is a plain shuffle of all samples.
std::vector<size_t> epochOrder(const TrainingSession& session, std::mt19937_64& random)
{
    std::vector<size_t> order;
    for (DatasetDraws& dataset : datasetDraws(session)) {
        if (dataset.indices.empty()) {
            continue;
        }
        size_t left = dataset.draws;
        while (left >= dataset.indices.size()) {
            order.insert(order.end(), dataset.indices.begin(), dataset.indices.end());
            left -= dataset.indices.size();
        }
        if (left > 0) {
            std::vector<size_t> part = dataset.indices;
            std::shuffle(part.begin(), part.end(), random);
            order.insert(order.end(), part.begin(), part.begin() + static_cast<std::ptrdiff_t>(left));
        }
    }
    std::shuffle(order.begin(), order.end(), random);
    return order;
}

} // namespace

int64_t TrainingSession::stepsPerEpoch() const
{
    int64_t count = 0;
    for (const DatasetDraws& dataset : datasetDraws(*this)) {
        count += static_cast<int64_t>(dataset.draws);
    }
    return (std::max<int64_t>(count, 1) + config.batchSize - 1) / config.batchSize;
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
    const std::vector<size_t> order = epochOrder(session, random);

    TrainingEpochMetrics metrics;
    metrics.epoch = epoch;
    DiceCounts counts;
    const int64_t steps = session.stepsPerEpoch();
    for (int64_t step = 0; step < steps; ++step) {
        if (cancelRequested(session)) {
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
    if (session.group) {
        allReduceDiceCounts(counts, *session.group);
        session.allReduceSeconds += session.group->takeAllReduceSeconds();
    }
    metrics.trainDice = counts.dice();
    metrics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return metrics;
}

} // namespace dinolens::inference::detail
