#include "dinolens/inference/segmentation_predictor.h"

#include <algorithm>
#include <stdexcept>

#include <ATen/core/grad_mode.h>

#include "content_hash.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/core/lesion_filter.h"
#include "dinolens/inference/base_model.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/safetensors.h"
#include "dinolens/inference/segmentation_head.h"
#include "feature_cache.h"
#include "head_network.h"
#include "logit_decoding.h"
#include "run_folder.h"
#include "tensor_conversion.h"
#include "training_data.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

struct SegmentationPredictor::Impl {
    TrainingConfig config;
    Backbone backbone;
    SegmentationHead head;
    DetectionSettings detection;
};

namespace {

Result<std::map<std::string, FloatTensor>> headWeights(const std::filesystem::path& runDir)
{
    if (std::filesystem::exists(runDir / detail::kHeadFile)) {
        return readSafetensors(runDir / detail::kHeadFile);
    }
    auto checkpoint = readSafetensors(runDir / detail::kCheckpointFile);
    if (!checkpoint) {
        return makeError(ErrorCode::NotFound, "the run has no trained head yet", runDir.string());
    }
    std::map<std::string, FloatTensor> weights;
    for (auto& [name, tensor] : *checkpoint) {
        if (name.rfind("head.", 0) == 0) {
            weights[name.substr(5)] = std::move(tensor);
        }
    }
    return weights;
}

} // namespace

Result<SegmentationPredictor> SegmentationPredictor::open(
    const std::filesystem::path& runFolder, const PredictorOptions& options)
{
    auto resolved = resolveRunFolder(runFolder.string());
    if (!resolved) {
        return resolved.error();
    }
    const std::filesystem::path& runDir = *resolved;
    const auto text = detail::readFileBytes(runDir / detail::kConfigFile);
    if (!text) {
        return makeError(ErrorCode::NotFound, "not a training run (config.json is missing)", runDir.string());
    }
    auto config = trainingConfigFromJson(*text, (runDir / detail::kConfigFile).string());
    if (!config) {
        return config.error();
    }
    // A run that trained its backbone carries it; otherwise the head sits on the frozen base model.
    const std::filesystem::path trainedBackbone = runDir / detail::kBackboneFolder;
    BackboneOptions backboneOptions;
    backboneOptions.threads = options.threads;
    backboneOptions.device = options.device;
    auto backbone = std::filesystem::exists(trainedBackbone / detail::kConfigFile)
        ? loadBaseModel({ trainedBackbone.string() }, backboneOptions)
        : loadBaseModel(config->baseModel, backboneOptions);
    if (!backbone) {
        return backbone.error();
    }
    auto weights = headWeights(runDir);
    if (!weights) {
        return weights.error();
    }
    auto detection = readDetectionSettings(runDir);
    if (!detection) {
        return detection.error();
    }
    const SegmentationHeadConfig headConfig
        = headConfigForHiddenSize(backbone->config().hiddenSize, 4, config->dropout);
    auto head = SegmentationHead::fromWeights(headConfig, *weights);
    if (!head) {
        return head.error();
    }
    return SegmentationPredictor(std::make_unique<Impl>(
        Impl { std::move(*config), std::move(*backbone), std::move(*head), std::move(*detection) }));
}

SegmentationPredictor::SegmentationPredictor(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
SegmentationPredictor::SegmentationPredictor(SegmentationPredictor&&) noexcept = default;
SegmentationPredictor& SegmentationPredictor::operator=(SegmentationPredictor&&) noexcept = default;
SegmentationPredictor::~SegmentationPredictor() = default;

const TrainingConfig& SegmentationPredictor::config() const
{
    return m_impl->config;
}

const DetectionSettings& SegmentationPredictor::detection() const
{
    return m_impl->detection;
}

void SegmentationPredictor::setDetection(const DetectionSettings& settings)
{
    m_impl->detection = settings;
}

Result<SlicePrediction> SegmentationPredictor::predict(const uint8_t* grey, int width, int height) const
{
    auto batch = predictBatch({ GreySliceView { grey, width, height } });
    if (!batch) {
        return batch.error();
    }
    return std::move(batch->front());
}

namespace {

// The slice's logits [1, C, h, w] -> class ids, the per-class mean confidence of the chosen class, and the tumour
// score; the mask keeps the lesions that pass the run's threshold on their own (core/lesion_filter.h), and is emptied
// when the score is below it (a negative answer ships no mask).
SlicePrediction classify(
    const at::Tensor& logits, int width, int height, const DetectionSettings& detection, bool withTumorMap)
{
    SlicePrediction prediction;
    prediction.mask = core::LabelMask::zeros(width, height);
    std::vector<float> confidence(prediction.mask.labels.size());
    std::vector<float> foreground(prediction.mask.labels.size());
    detail::decodeLogits(logits.select(0, 0), prediction.mask.labels.data(), confidence.data(), foreground.data());
    if (withTumorMap) {
        prediction.tumorMap = foreground; // before tumorScore, which reorders its input
    }
    // The lesions the answer stands on (lesion_filter.h); also before tumorScore.
    if (!core::keepDetectedLesions(
            prediction.mask, foreground.data(), detection.threshold, detection.minLesionFraction)) {
        throw std::logic_error("the lesion filter refused a slice's mask");
    }
    prediction.tumorProbability = core::tumorScore(foreground.data(), foreground.size(), detection.minLesionFraction);
    prediction.tumorPresent = prediction.tumorProbability >= detection.threshold;
    if (!prediction.tumorPresent) {
        std::fill(prediction.mask.labels.begin(), prediction.mask.labels.end(), uint8_t { 0 });
    }
    std::array<double, 4> sums {};
    std::array<int64_t, 4> counts {};
    for (size_t i = 0; i < prediction.mask.labels.size(); ++i) {
        const uint8_t id = std::min<uint8_t>(prediction.mask.labels[i], 3);
        sums[id] += confidence[i];
        ++counts[id];
    }
    for (size_t c = 0; c < 4; ++c) {
        prediction.classConfidence[c]
            = counts[c] > 0 ? static_cast<float>(sums[c] / static_cast<double>(counts[c])) : 0.0f;
    }
    return prediction;
}

} // namespace

int SegmentationPredictor::backboneLayers() const
{
    return static_cast<int>(m_impl->backbone.config().numLayers);
}

namespace {

// Patch tokens of the residual stream after `layer`, as [B, gh, gw, D] grids (the prefix tokens dropped).
Result<at::Tensor> layerGrids(const Backbone& backbone, const at::Tensor& pixels, int layer)
{
    ForwardOptions options;
    options.hiddenStateLayers = { layer };
    options.includePatchGrid = false;
    auto output = backbone.forward(detail::toFloatTensor(pixels), options);
    if (!output) {
        return output.error();
    }
    const at::Tensor hidden = detail::toTorch(output->hiddenStates.at(layer));
    const int64_t patches = output->gridHeight * output->gridWidth;
    // A copy: `hidden` views the output's buffer, which ends with this function (a narrow of a one-image batch is
    // itself contiguous, so contiguous() would not copy).
    return hidden.narrow(1, hidden.size(1) - patches, patches)
        .reshape({ hidden.size(0), output->gridHeight, output->gridWidth, hidden.size(2) })
        .clone(at::MemoryFormat::Contiguous);
}

} // namespace

namespace {

struct SliceSize {
    int width = 0;
    int height = 0;
};

// Backbone and head over `grey` (sizes.size() slices of side x side values in [0, 1]); each mask at its slice's size.
Result<std::vector<SlicePrediction>> predictGrey(const SegmentationPredictor::Impl& impl, int layers, const float* grey,
    const std::vector<SliceSize>& sizes, const BatchOptions& options)
{
    const int side = impl.config.resolution;
    try {
        at::NoGradGuard noGrad;
        const auto count = static_cast<int64_t>(sizes.size());
        at::Tensor pixels = at::empty({ count, 3, side, side }, at::kFloat);
        detail::greyToPixelValues(grey, count, side, pixels.data_ptr<float>());
        auto features = detail::backboneFeatures(impl.backbone, pixels);
        if (!features) {
            return features.error();
        }
        at::Tensor chosenGrids;
        if (options.withPatchGrid && options.featureLayer > 0) {
            auto grids = layerGrids(impl.backbone, pixels, std::min(options.featureLayer, layers));
            if (!grids) {
                return grids.error();
            }
            chosenGrids = *grids;
        }
        auto& network = const_cast<detail::HeadNetwork&>(impl.head.impl().network);
        std::vector<SlicePrediction> predictions;
        predictions.reserve(sizes.size());
        for (int64_t i = 0; i < count; ++i) {
            // The head runs per slice at the slice's own size, so that each mask equals predict()'s.
            const at::Tensor own = features->narrow(0, i, 1);
            const SliceSize& size = sizes[static_cast<size_t>(i)];
            predictions.push_back(classify(network.forward(own, size.height, size.width, false), size.width,
                size.height, impl.detection, options.withTumorMap));
            if (options.withPatchGrid) {
                predictions.back().patchGrid = detail::toFloatTensor(
                    chosenGrids.defined() ? chosenGrids.select(0, i) : own.select(0, 0).permute({ 1, 2, 0 }));
            }
        }
        return predictions;
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("prediction failed: ") + error.what());
    }
}

} // namespace

Result<std::vector<SlicePrediction>> SegmentationPredictor::predictBatch(
    const std::vector<GreySliceView>& slices, const BatchOptions& options) const
{
    if (slices.empty()) {
        return makeError(ErrorCode::InvalidArgument, "empty batch");
    }
    const int side = m_impl->config.resolution;
    std::vector<float> grey;
    std::vector<SliceSize> sizes;
    for (const GreySliceView& slice : slices) {
        if (slice.grey == nullptr || slice.width < 1 || slice.height < 1) {
            return makeError(ErrorCode::InvalidArgument, "empty image");
        }
        auto values = detail::greyAtResolution(slice.grey, slice.width, slice.height, side);
        if (!values) {
            return values.error();
        }
        grey.insert(grey.end(), values->begin(), values->end());
        sizes.push_back({ slice.width, slice.height });
    }
    return predictGrey(*m_impl, backboneLayers(), grey.data(), sizes, options);
}

Result<std::vector<SlicePrediction>> SegmentationPredictor::predictResampled(const float* grey, int count) const
{
    const int side = m_impl->config.resolution;
    if (grey == nullptr || count < 1) {
        return makeError(ErrorCode::InvalidArgument, "empty batch");
    }
    return predictGrey(*m_impl, backboneLayers(), grey,
        std::vector<SliceSize>(static_cast<size_t>(count), SliceSize { side, side }), {});
}

} // namespace dinolens::inference
