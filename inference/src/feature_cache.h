#pragma once
// Private: frozen-backbone patch grids of the training images, computed once and kept in memory, optionally also
// on disk under <dir>/<key>.safetensors with key = hash(backbone fingerprint, resolution, image content hash).
// Images go through the backbone in fixed chunks of kCacheBatch consecutive samples (a chunk is recomputed whole
// unless all its members are on disk), so a run and its resumption see the same features bit for bit.
// In a distributed run each rank computes (or reads from disk) chunk k when k mod world size is its rank, and the
// ranks then exchange their chunks, so that every rank holds every sample's features: the backbone pass scales
// with the ranks, and a shared disk folder is shared (each file written by its chunk's rank only).

#include <ATen/ATen.h>

#include <filesystem>
#include <functional>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"
#include "training_data.h"

namespace dinolens::inference::detail {

class ProcessGroup;

inline constexpr size_t kCacheBatch = 8;

/// Runs the backbone on pixel_values [B, 3, H, W] -> patch features [B, D, gh, gw].
core::Result<at::Tensor> backboneFeatures(
    const Backbone& backbone, const at::Tensor& pixels, const core::CancelToken& cancel = {});

/// pixel_values [B, 3, side, side] of the given samples (grey -> ImageNet-normalised RGB).
at::Tensor samplePixels(const TrainingData& data, const std::vector<size_t>& indices);

class FeatureCache {
public:
    struct Statistics {
        int computed = 0;
        int fromDisk = 0;
        double computeSeconds = 0.0; // backbone time only
    };

    /// Fills the cache for every sample (with a `group`: this rank's chunks, then the exchange). Errors: those of
    /// the backbone, Cancelled. A cache file that cannot be read is recomputed; one that cannot be written is
    /// skipped (the memory copy is enough). Throws CollectiveFailure when the exchange fails.
    static core::Result<FeatureCache> build(const Backbone& backbone, uint64_t backboneFingerprint,
        const TrainingData& data, const std::filesystem::path& diskDirectory, const core::CancelToken& cancel,
        const core::ProgressSink& progress, ProcessGroup* group = nullptr);

    /// Features [B, D, gh, gw] of the given samples.
    at::Tensor batch(const std::vector<size_t>& indices) const;
    const Statistics& statistics() const { return m_statistics; }

private:
    /// Takes the chunk from disk when every member is there and readable.
    bool loadChunk(const std::vector<size_t>& chunk, const std::function<std::filesystem::path(size_t)>& fileOf);
    /// Every rank's chunks to every rank (chunk k from rank k mod world size).
    void exchangeChunks(ProcessGroup& group);

    std::vector<at::Tensor> m_features; // [D, gh, gw] per sample
    Statistics m_statistics;
};

} // namespace dinolens::inference::detail
