#pragma once
// A frozen DINOv2 / DINOv3 vision-transformer backbone (LibTorch inside, torch-free API).
//
// Ownership: Backbone owns its weights (float32, on the chosen device); it is move-only.
// Thread-safety: forward() is const and may run on several threads at once on one Backbone; load, move and
// destruction must not overlap a forward(). LibTorch's intra-op thread count is process-wide: set it once at
// start-up with setComputeThreads() (load() applies BackboneOptions::threads when it is > 0).
// Units: pixel_values are model-normalised float32 [B, C, H, W] (see preprocess.h); the patch grid is
// floor(H / P) x floor(W / P), rows first, and remainder pixels are ignored, as the stride-P convolution does.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/backbone_config.h"
#include "dinolens/inference/float_tensor.h"

namespace dinolens::inference {

enum class ComputeDevice { Cpu, Cuda };

/// Where a checkpoint lives: a Hugging Face snapshot folder (config.json + model.safetensors, or shards listed
/// in model.safetensors.index.json), or an explicit config.json + weights.safetensors pair.
struct ModelSource {
    std::filesystem::path folder;
    std::filesystem::path configPath;
    std::filesystem::path weightsPath;

    static ModelSource fromFolder(std::filesystem::path snapshot);
    static ModelSource fromFiles(std::filesystem::path config, std::filesystem::path weights);
};

struct BackboneOptions {
    ComputeDevice device = ComputeDevice::Cpu;
    int threads = 0; // > 0: set LibTorch's intra-op threads (process-wide); 0 leaves the current setting
    // Upper bound on an attention score buffer; queries are processed in blocks so that memory grows linearly,
    // not quadratically, with the token count at high resolution. On the CPU each thread also caps its own
    // block at 4 MB; on CUDA the bound covers all heads of the batch at once.
    int64_t attentionBlockBytes = 64ll * 1024 * 1024;
};

struct ForwardOptions {
    std::vector<int> hiddenStateLayers; // 0 = embedding output, i = after layer i (pre final norm); -1 = last
    bool includePatchGrid = true; // fill BackboneOutput::patchGrid
    bool includePositionTables = false; // fill positionTables (pos_embed_interpolated | rope_cos, rope_sin)
    core::CancelToken cancel; // polled between layers
};

struct BackboneOutput {
    int64_t gridHeight = 0;
    int64_t gridWidth = 0;
    FloatTensor lastHiddenState; // [B, T, D], T = 1 + R + gh*gw: [CLS, registers, patches row-major]
    FloatTensor poolerOutput; // [B, D] normed CLS token
    FloatTensor registers; // [B, R, D] normed register tokens (R may be 0)
    FloatTensor patchGrid; // [B, gh, gw, D] normed patch tokens
    std::map<int, FloatTensor> hiddenStates; // requested layers, [B, T, D]
    std::map<std::string, FloatTensor> positionTables; // golden-file names
};

class Backbone {
public:
    /// Loads config and weights. Errors: NotFound, InvalidFormat (wrong checkpoint: the message lists missing,
    /// unexpected and mis-shaped keys), UnsupportedFormat (unknown model_type), InvalidArgument (CUDA asked for
    /// but unavailable).
    static core::Result<Backbone> load(const ModelSource& source, const BackboneOptions& options = {});
    /// A backbone with random weights of the real shapes (benchmarks, tests).
    static core::Result<Backbone> createRandom(
        const BackboneConfig& config, uint64_t seed, const BackboneOptions& options = {});

    Backbone(Backbone&&) noexcept;
    Backbone& operator=(Backbone&&) noexcept;
    ~Backbone();

    const BackboneConfig& config() const;
    ComputeDevice device() const;

    struct Impl; // opaque: defined in the library's private sources

    /// Runs the network on `pixelValues` [B, C, H, W] (H, W >= patch size). Errors: InvalidArgument (shape),
    /// Cancelled, Internal (a LibTorch failure such as out of memory).
    core::Result<BackboneOutput> forward(const FloatTensor& pixelValues, const ForwardOptions& options = {}) const;

private:
    explicit Backbone(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The golden / Hugging Face file layout: last_hidden_state, pooler_output, hidden_states.<i> and the position
/// tables, by name (the layout `dinolens-cli features` writes). Copies the tensors.
std::map<std::string, FloatTensor> namedOutputs(const BackboneOutput& output);

/// Sets LibTorch's intra-op thread count (process-wide). Call once at start-up.
void setComputeThreads(int threads);
/// LibTorch's current intra-op thread count.
int computeThreads();
/// True when this LibTorch build has CUDA and a device is present.
bool cudaAvailable();

} // namespace dinolens::inference
