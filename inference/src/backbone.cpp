// Public Backbone: loading, device and thread settings, and the forward loop shared by both families.
#include "dinolens/inference/backbone.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <set>

#include "checkpoint_reader.h"
#include "dinov2_backbone.h"
#include "dinov3_backbone.h"
#include "tensor_conversion.h"
#include "vit_checkpoint_table.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

struct Backbone::Impl {
    BackboneConfig config;
    detail::VitWeights weights;
    ComputeDevice computeDevice = ComputeDevice::Cpu;
    at::Device device { at::kCPU };
    detail::AttentionSettings attention;
};

namespace {

std::vector<detail::ExpectedTensor> expectedTensors(const BackboneConfig& config)
{
    return detail::CheckpointTable::of(config).expectedTensors();
}

Result<std::unique_ptr<Backbone::Impl>> makeImpl(
    const BackboneConfig& config, detail::TensorMap tensors, const BackboneOptions& options)
{
    if (options.device == ComputeDevice::Cuda && !cudaAvailable()) {
        return makeError(ErrorCode::InvalidArgument,
            "CUDA was requested but this LibTorch build has no CUDA or no GPU is present; use the CPU");
    }
    if (options.threads > 0) {
        setComputeThreads(options.threads);
    }
    auto impl = std::make_unique<Backbone::Impl>();
    impl->config = config;
    impl->computeDevice = options.device;
    impl->device = options.device == ComputeDevice::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    impl->attention.blockBytes = std::max<int64_t>(options.attentionBlockBytes, 4096);
    impl->attention.cacheBlockFloats
        = std::min<int64_t>(impl->attention.cacheBlockFloats, impl->attention.blockBytes / int64_t { sizeof(float) });
    try {
        c10::InferenceMode guard;
        impl->weights = detail::CheckpointTable::of(config).assemble(tensors);
        if (options.device == ComputeDevice::Cuda) {
            // Reference numbers are fp32; TF32 would move outputs by ~1e-3.
            at::globalContext().setAllowTF32CuBLAS(false);
            at::globalContext().setAllowTF32CuDNN(false);
            detail::moveWeights(impl->weights, impl->device);
        }
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("cannot prepare the weights: ") + error.what());
    }
    return impl;
}

struct ForwardState {
    int64_t gridHeight = 0;
    int64_t gridWidth = 0;
    at::Tensor positions; // v2
    detail::RopeTables rope; // v3
};

core::Status validateInput(const BackboneConfig& config, const FloatTensor& pixels, const ForwardOptions& options)
{
    if (pixels.dim() != 4 || !pixels.consistent() || pixels.size(0) < 1 || pixels.size(1) != config.numChannels
        || pixels.size(2) < config.patchSize || pixels.size(3) < config.patchSize) {
        return makeError(ErrorCode::InvalidArgument,
            "pixel_values must be [B, " + std::to_string(config.numChannels)
                + ", H, W] with H, W >= " + std::to_string(config.patchSize) + ", got " + pixels.shapeString());
    }
    for (const int layer : options.hiddenStateLayers) {
        if (layer < -1 || layer > config.numLayers) {
            return makeError(ErrorCode::InvalidArgument,
                "hidden state index " + std::to_string(layer) + " is outside 0.." + std::to_string(config.numLayers));
        }
    }
    return core::okStatus();
}

} // namespace

ModelSource ModelSource::fromFolder(std::filesystem::path snapshot)
{
    ModelSource source;
    source.folder = std::move(snapshot);
    return source;
}

ModelSource ModelSource::fromFiles(std::filesystem::path config, std::filesystem::path weights)
{
    ModelSource source;
    source.configPath = std::move(config);
    source.weightsPath = std::move(weights);
    return source;
}

Result<Backbone> Backbone::load(const ModelSource& source, const BackboneOptions& options)
{
    Result<detail::CheckpointFiles> files = detail::resolveCheckpoint(source);
    if (!files) {
        return files.error();
    }
    Result<BackboneConfig> config = loadBackboneConfig(files->config);
    if (!config) {
        return config.error();
    }
    Result<detail::TensorMap> tensors
        = detail::readCheckpoint(files->weights, expectedTensors(*config), { "embeddings.mask_token" });
    if (!tensors) {
        return tensors.error();
    }
    Result<std::unique_ptr<Impl>> impl = makeImpl(*config, std::move(tensors).value(), options);
    if (!impl) {
        return impl.error();
    }
    return Backbone(std::move(impl).value());
}

Result<Backbone> Backbone::createRandom(const BackboneConfig& config, uint64_t seed, const BackboneOptions& options)
{
    detail::TensorMap tensors;
    try {
        c10::InferenceMode guard;
        tensors = detail::randomCheckpoint(expectedTensors(config), seed);
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("cannot create random weights: ") + error.what());
    }
    Result<std::unique_ptr<Impl>> impl = makeImpl(config, std::move(tensors), options);
    if (!impl) {
        return impl.error();
    }
    return Backbone(std::move(impl).value());
}

Backbone::Backbone(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
Backbone::Backbone(Backbone&&) noexcept = default;
Backbone& Backbone::operator=(Backbone&&) noexcept = default;
Backbone::~Backbone() = default;

const BackboneConfig& Backbone::config() const
{
    return m_impl->config;
}
ComputeDevice Backbone::device() const
{
    return m_impl->computeDevice;
}

namespace {

// Embeddings plus the position tables of either family; `rope` is filled for DINOv3.
at::Tensor embedInput(const Backbone::Impl& impl, const at::Tensor& pixels, bool keepTables, detail::RopeTables& rope,
    BackboneOutput& output)
{
    const BackboneConfig& config = impl.config;
    if (config.family == BackboneFamily::Dinov2) {
        const at::Tensor positions
            = detail::dinov2::positionTable(config, impl.weights, pixels.size(2), pixels.size(3));
        if (keepTables) {
            output.positionTables["pos_embed_interpolated"] = detail::toFloatTensor(positions);
        }
        return detail::dinov2::embed(config, impl.weights, pixels, positions);
    }
    rope = detail::dinov3::ropeTables(config, output.gridHeight, output.gridWidth, pixels.options());
    if (keepTables) {
        output.positionTables["rope_cos"] = detail::toFloatTensor(rope.cos);
        output.positionTables["rope_sin"] = detail::toFloatTensor(rope.sin);
    }
    return detail::dinov3::embed(config, impl.weights, pixels);
}

} // namespace

Result<BackboneOutput> Backbone::forward(const FloatTensor& pixelValues, const ForwardOptions& options) const
{
    const BackboneConfig& config = m_impl->config;
    if (core::Status status = validateInput(config, pixelValues, options); !status) {
        return status.error();
    }
    std::set<int64_t> wanted;
    for (const int layer : options.hiddenStateLayers) {
        wanted.insert(layer < 0 ? config.numLayers : layer);
    }
    try {
        c10::InferenceMode guard;
        const at::Tensor pixels = detail::toTorch(pixelValues).to(m_impl->device);
        BackboneOutput output;
        output.gridHeight = pixels.size(2) / config.patchSize;
        output.gridWidth = pixels.size(3) / config.patchSize;
        detail::RopeTables rope;
        at::Tensor x = embedInput(*m_impl, pixels, options.includePositionTables, rope, output);
        if (wanted.count(0) != 0) {
            output.hiddenStates[0] = detail::toFloatTensor(x);
        }
        const detail::RopeTables* ropeTables = config.family == BackboneFamily::Dinov3 ? &rope : nullptr;
        for (int64_t index = 0; index < config.numLayers; ++index) {
            if (options.cancel.isCancelled()) {
                return makeError(ErrorCode::Cancelled, "forward pass cancelled");
            }
            x = detail::runBlock(
                config, m_impl->weights.layers[static_cast<size_t>(index)], x, ropeTables, m_impl->attention);
            if (wanted.count(index + 1) != 0) {
                output.hiddenStates[static_cast<int>(index + 1)] = detail::toFloatTensor(x);
            }
        }
        const at::Tensor normed = at::layer_norm(x, { config.hiddenSize }, m_impl->weights.finalNormWeight,
            m_impl->weights.finalNormBias, config.layerNormEps);
        detail::fillOutputs(config, normed, options.includePatchGrid, output);
        return output;
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("forward pass failed: ") + error.what());
    }
}

void setComputeThreads(int threads)
{
    if (threads > 0) {
        at::set_num_threads(threads);
    }
}

int computeThreads()
{
    return at::get_num_threads();
}

bool cudaAvailable()
{
    return at::hasCUDA();
}

} // namespace dinolens::inference
