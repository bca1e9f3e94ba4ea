#include "feature_cache.h"

#include <algorithm>

#include <ATen/core/grad_mode.h>

#include <chrono>

#include "content_hash.h"
#include "dinolens/inference/safetensors.h"
#include "tensor_conversion.h"

namespace dinolens::inference::detail {

core::Result<at::Tensor> backboneFeatures(
    const Backbone& backbone, const at::Tensor& pixels, const core::CancelToken* cancel)
{
    at::NoGradGuard noGrad; // the backbone is frozen: nothing of it enters the head's graph
    ForwardOptions options;
    if (cancel != nullptr) {
        options.cancel = *cancel;
    }
    auto output = backbone.forward(toFloatTensor(pixels), options);
    if (!output) {
        return output.error();
    }
    return toTorch(output->patchGrid).permute({ 0, 3, 1, 2 }).contiguous();
}

at::Tensor samplePixels(const TrainingData& data, const std::vector<size_t>& indices)
{
    const int64_t side = data.resolution;
    const int64_t count = static_cast<int64_t>(indices.size());
    std::vector<float> grey(static_cast<size_t>(count * side * side));
    for (size_t i = 0; i < indices.size(); ++i) {
        const std::vector<float>& source = data.samples[indices[i]].grey;
        std::copy(source.begin(), source.end(), grey.begin() + static_cast<std::ptrdiff_t>(i * source.size()));
    }
    at::Tensor pixels = at::empty({ count, 3, side, side }, at::kFloat);
    greyToPixelValues(grey.data(), count, side, pixels.data_ptr<float>());
    return pixels;
}

core::Result<FeatureCache> FeatureCache::build(const Backbone& backbone, uint64_t backboneFingerprint,
    const TrainingData& data, const std::filesystem::path& diskDirectory, const core::CancelToken& cancel,
    const core::ProgressSink& progress)
{
    FeatureCache cache;
    if (!diskDirectory.empty()) {
        std::error_code ignored;
        std::filesystem::create_directories(diskDirectory, ignored);
    }
    const uint64_t modelKey = combineHash(backboneFingerprint, static_cast<uint64_t>(data.resolution));
    auto fileOf = [&](size_t index) {
        return diskDirectory.empty()
            ? std::filesystem::path()
            : diskDirectory / (hexHash(combineHash(modelKey, data.samples[index].imageHash)) + ".safetensors");
    };
    cache.m_features.resize(data.samples.size());
    for (size_t first = 0; first < data.samples.size(); first += kCacheBatch) {
        if (cancel.isCancelled()) {
            return core::makeError(core::ErrorCode::Cancelled, "cancelled while caching features");
        }
        std::vector<size_t> chunk;
        for (size_t index = first; index < std::min(first + kCacheBatch, data.samples.size()); ++index) {
            chunk.push_back(index);
        }
        if (cache.loadChunk(chunk, fileOf)) {
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        auto features = backboneFeatures(backbone, samplePixels(data, chunk), &cancel);
        if (!features) {
            return features.error();
        }
        cache.m_statistics.computeSeconds
            += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (size_t i = 0; i < chunk.size(); ++i) {
            cache.m_features[chunk[i]] = features->select(0, static_cast<int64_t>(i)).contiguous();
            ++cache.m_statistics.computed;
            if (!diskDirectory.empty()) {
                // A cache that cannot be written only costs the recomputation next time.
                (void)writeSafetensors(fileOf(chunk[i]), { { "features", toFloatTensor(cache.m_features[chunk[i]]) } });
            }
        }
        if (progress) {
            progress(static_cast<long long>(chunk.back() + 1), static_cast<long long>(data.samples.size()),
                "caching backbone features");
        }
    }
    return cache;
}

bool FeatureCache::loadChunk(
    const std::vector<size_t>& chunk, const std::function<std::filesystem::path(size_t)>& fileOf)
{
    std::vector<at::Tensor> loaded;
    for (size_t index : chunk) {
        const std::filesystem::path file = fileOf(index);
        if (file.empty() || !std::filesystem::exists(file)) {
            return false;
        }
        auto stored = SafetensorsFile::open(file);
        auto features = stored ? stored->readFloat("features") : core::Result<FloatTensor>(stored.error());
        if (!features || features->dim() != 3) {
            return false;
        }
        loaded.push_back(toTorch(*features).clone());
    }
    for (size_t i = 0; i < chunk.size(); ++i) {
        m_features[chunk[i]] = loaded[i];
    }
    m_statistics.fromDisk += static_cast<int>(chunk.size());
    return true;
}

at::Tensor FeatureCache::batch(const std::vector<size_t>& indices) const
{
    std::vector<at::Tensor> parts;
    parts.reserve(indices.size());
    for (size_t index : indices) {
        parts.push_back(m_features[index]);
    }
    return at::stack(parts);
}

} // namespace dinolens::inference::detail
