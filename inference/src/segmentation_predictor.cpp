#include "dinolens/inference/segmentation_predictor.h"

#include <algorithm>

#include <ATen/core/grad_mode.h>

#include <opencv2/imgcodecs.hpp>

#include "content_hash.h"
#include "dinolens/core/atomic_file.h"
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
// score; the mask is emptied when the score is below the run's threshold (a negative answer ships no mask).
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
    return hidden.narrow(1, hidden.size(1) - patches, patches)
        .reshape({ hidden.size(0), output->gridHeight, output->gridWidth, hidden.size(2) })
        .contiguous();
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
    for (const GreySliceView& slice : slices) {
        if (slice.grey == nullptr || slice.width < 1 || slice.height < 1) {
            return makeError(ErrorCode::InvalidArgument, "empty image");
        }
        auto values = detail::greyAtResolution(slice.grey, slice.width, slice.height, side);
        if (!values) {
            return values.error();
        }
        grey.insert(grey.end(), values->begin(), values->end());
    }
    try {
        at::NoGradGuard noGrad;
        const auto count = static_cast<int64_t>(slices.size());
        at::Tensor pixels = at::empty({ count, 3, side, side }, at::kFloat);
        detail::greyToPixelValues(grey.data(), count, side, pixels.data_ptr<float>());
        auto features = detail::backboneFeatures(m_impl->backbone, pixels);
        if (!features) {
            return features.error();
        }
        at::Tensor chosenGrids;
        if (options.withPatchGrid && options.featureLayer > 0) {
            auto grids = layerGrids(m_impl->backbone, pixels, std::min(options.featureLayer, backboneLayers()));
            if (!grids) {
                return grids.error();
            }
            chosenGrids = *grids;
        }
        auto& network = const_cast<detail::HeadNetwork&>(m_impl->head.impl().network);
        std::vector<SlicePrediction> predictions;
        predictions.reserve(slices.size());
        for (int64_t i = 0; i < count; ++i) {
            // The head runs per slice at the slice's own size, so that each mask equals predict()'s.
            const at::Tensor own = features->narrow(0, i, 1);
            const GreySliceView& slice = slices[static_cast<size_t>(i)];
            predictions.push_back(classify(network.forward(own, slice.height, slice.width, false), slice.width,
                slice.height, m_impl->detection, options.withTumorMap));
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

Result<SlicePrediction> SegmentationPredictor::predictFile(const std::filesystem::path& image) const
{
    auto rgb = loadRgbImage(image);
    if (!rgb) {
        return rgb.error();
    }
    std::vector<uint8_t> grey(static_cast<size_t>(rgb->width * rgb->height));
    for (size_t i = 0; i < grey.size(); ++i) {
        grey[i] = rgb->pixels[3 * i];
    }
    return predict(grey.data(), static_cast<int>(rgb->width), static_cast<int>(rgb->height));
}

core::Status saveLabelMaskPng(const std::filesystem::path& path, const core::LabelMask& mask)
{
    if (!mask.isValid() || mask.depth() != 1) {
        return makeError(ErrorCode::InvalidArgument, "mask must be a valid 2-D mask", path.string());
    }
    const cv::Mat image(mask.height(), mask.width(), CV_8UC1, const_cast<uint8_t*>(mask.labels.data()));
    std::vector<uchar> bytes;
    try {
        if (!cv::imencode(".png", image, bytes)) {
            return makeError(ErrorCode::Internal, "cannot encode the mask", path.string());
        }
    } catch (const cv::Exception& error) {
        return makeError(ErrorCode::Internal, std::string("cannot encode the mask: ") + error.what(), path.string());
    }
    return core::writeFileAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

} // namespace dinolens::inference
