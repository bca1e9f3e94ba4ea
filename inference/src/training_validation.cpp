#include "training_validation.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "dice_counts.h"
#include "dinolens/core/segmentation_metrics.h"
#include "dinolens/inference/tumor_detection.h"
#include "logit_decoding.h"
#include "loss_functions.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

core::LabelMask squareMask(const uint8_t* labels, int side)
{
    core::LabelMask mask = core::LabelMask::zeros(side, side);
    std::copy(labels, labels + mask.labels.size(), mask.labels.begin());
    return mask;
}

// Dice of each image's labelled (dominant) class, as segmentation_evaluation.h reports it; NaN without tumour.
void addImageDice(const TrainingData& data, const std::vector<size_t>& indices, const at::Tensor& predicted,
    std::vector<double>& imageDice)
{
    const int side = data.resolution;
    const size_t plane = static_cast<size_t>(side) * static_cast<size_t>(side);
    const at::Tensor labels = predicted.to(at::kByte).contiguous();
    for (size_t i = 0; i < indices.size(); ++i) {
        const core::LabelMask truth = squareMask(data.samples[indices[i]].mask.data(), side);
        const int truthClass = core::dominantTumorClass(truth);
        if (truthClass == 0) {
            continue;
        }
        auto overlap = core::perClassOverlap(truth, squareMask(labels.data_ptr<uint8_t>() + i * plane, side));
        if (overlap) {
            imageDice.push_back((*overlap)[static_cast<size_t>(truthClass)].dice);
        }
    }
}

// Each image's detection score (core/detection_metrics.h) at the working resolution, with its ground truth.
void addDetectionScores(const TrainingData& data, const std::vector<size_t>& indices, const at::Tensor& logits,
    std::vector<core::ScoredCase>& scores)
{
    const at::Tensor foreground = (1.0 - at::softmax(logits.to(at::kFloat), 1).select(1, 0)).contiguous();
    const int64_t plane = foreground.size(1) * foreground.size(2);
    std::vector<float> values(static_cast<size_t>(plane));
    for (size_t i = 0; i < indices.size(); ++i) {
        const float* first = foreground.data_ptr<float>() + static_cast<int64_t>(i) * plane;
        std::copy(first, first + plane, values.begin());
        const std::vector<uint8_t>& truth = data.samples[indices[i]].mask;
        const bool positive = std::any_of(truth.begin(), truth.end(), [](uint8_t id) { return id != 0; });
        scores.push_back({ core::tumorScore(values.data(), values.size()), positive });
    }
}

// `progress` reporting under `step`, so that the validation split's loading is told apart from the training split's.
core::ProgressSink relabelled(const core::ProgressSink& progress, const char* step)
{
    if (!progress) {
        return {};
    }
    return [progress, step](long long done, long long total, const std::string&) { progress(done, total, step); };
}

} // namespace

core::Result<std::optional<ValidationData>> loadValidationData(const TrainingSession& session,
    std::optional<uint64_t> backboneFingerprint, const std::function<void(const std::string&)>& warn,
    TrainingSummary& summary)
{
    const TrainingConfig& training = session.config;
    if (training.validSplit.empty()) {
        return std::optional<ValidationData> {};
    }
    TrainingConfig config = training;
    config.split = training.validSplit;
    config.maxImages = training.validMaxImages;
    config.slicePlanes = "acquired"; // validation scores what inference sees
    const core::ProgressSink& progress = session.callbacks.progress;
    auto data = loadTrainingData(config, session.cancel, relabelled(progress, "reading validation images"));
    if (!data && data.error().code == ErrorCode::Cancelled) {
        return data.error();
    }
    if (!data) {
        warn("no validation (training goes on without it): validation split \"" + config.split
            + "\" is not usable: " + data.error().toString());
        return std::optional<ValidationData> {};
    }
    ValidationData validation;
    validation.data = std::move(*data);
    summary.validationData = validation.data.report;
    if (backboneFingerprint) {
        auto cache
            = FeatureCache::build(*session.backbone, *backboneFingerprint, validation.data, config.featureCacheDir,
                session.cancel, relabelled(progress, "caching validation features"), session.group.get());
        if (!cache) {
            return cache.error();
        }
        summary.featureSeconds += cache->statistics().computeSeconds;
        summary.featuresFromDisk += cache->statistics().fromDisk;
        validation.cache = std::move(*cache);
    }
    return std::optional<ValidationData>(std::move(validation));
}

core::Status writeCalibratedDetection(const TrainingSession& session, const std::filesystem::path& runDir)
{
    if (!session.validation || session.validation->scores.empty()) {
        return core::okStatus();
    }
    const std::vector<core::ScoredCase>& scores = session.validation->scores;
    DetectionSettings settings;
    settings.threshold = core::calibrateThreshold(scores);
    settings.validation = core::summarizeDetection(scores, settings.threshold);
    settings.calibrated = true;
    settings.calibratedOn = session.config.validSplit + " split at " + std::to_string(session.config.resolution)
        + " px after the last epoch: " + std::to_string(scores.size()) + " images ("
        + std::to_string(settings.validation.negatives) + " without tumour)";
    return writeDetectionSettings(runDir, settings);
}

core::Status validateEpoch(TrainingSession& session, TrainingEpochMetrics& metrics)
{
    if (!session.validation) {
        return core::okStatus();
    }
    const auto start = std::chrono::steady_clock::now();
    const TrainingConfig& config = session.config;
    const ValidationData& validation = *session.validation;
    const std::vector<TrainingSample>& samples = validation.data.samples;
    const auto batchSize = static_cast<size_t>(config.batchSize);
    at::NoGradGuard noGrad;
    DiceCounts counts;
    std::vector<double> imageDice;
    std::vector<core::ScoredCase> scores;
    double loss = 0.0;
    double crossEntropy = 0.0;
    double diceLoss = 0.0;
    for (size_t first = 0; first < samples.size(); first += batchSize) {
        if (session.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "training cancelled during validation");
        }
        std::vector<size_t> indices;
        for (size_t index = first; index < std::min(first + batchSize, samples.size()); ++index) {
            indices.push_back(index);
        }
        auto features
            = evaluationFeatures(session, validation.data, validation.cache ? &*validation.cache : nullptr, indices);
        if (!features) {
            return features.error();
        }
        const at::Tensor masks = batchMasks(validation.data, indices);
        // Evaluation mode: BatchNorm running statistics, no dropout, so no random numbers are drawn.
        const at::Tensor logits = session.head.forward(*features, config.resolution, config.resolution, false);
        const LossTerms terms
            = segmentationLossTerms(logits, masks, session.classWeights, config.crossEntropyWeight, config.diceWeight);
        const double share = static_cast<double>(indices.size()) / static_cast<double>(samples.size());
        loss += terms.total.item<double>() * share;
        crossEntropy += terms.crossEntropy.item<double>() * share;
        diceLoss += terms.diceLoss.item<double>() * share;
        const at::Tensor predicted = classIds(logits);
        addDetectionScores(validation.data, indices, logits, scores);
        counts.addLabels(predicted, masks);
        addImageDice(validation.data, indices, predicted, imageDice);
    }
    if (!std::isfinite(loss)) {
        // Finite weights give a finite loss: the last update diverged, and its epoch must not be checkpointed.
        return makeError(ErrorCode::Internal,
            "the validation loss is not finite after epoch " + std::to_string(metrics.epoch + 1)
                + "; training stopped (lower the learning rate or the weight decay); the last checkpoint is intact");
    }
    metrics.validImages = static_cast<int>(samples.size());
    metrics.validLoss = loss;
    metrics.validCrossEntropy = crossEntropy;
    metrics.validDiceLoss = diceLoss;
    metrics.validDice = counts.dice();
    metrics.validImageDice = core::summarizeMetric(imageDice).mean;
    metrics.validSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    session.validation->scores = std::move(scores);
    return core::okStatus();
}

} // namespace dinolens::inference::detail
