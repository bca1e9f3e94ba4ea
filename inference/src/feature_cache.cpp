#include "feature_cache.h"

#include <algorithm>

#include <ATen/core/grad_mode.h>

#include <chrono>

#include "content_hash.h"
#include "dinolens/inference/safetensors.h"
#include "process_group.h"
#include "tensor_conversion.h"

namespace dinolens::inference::detail {

core::Result<at::Tensor> backboneFeatures(
    const Backbone& backbone, const at::Tensor& pixels, const core::CancelToken& cancel)
{
    at::NoGradGuard noGrad; // the backbone is frozen: nothing of it enters the head's graph
    ForwardOptions options;
    options.cancel = cancel;
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
    const core::ProgressSink& progress, ProcessGroup* group)
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
        if (group != nullptr
            && (first / kCacheBatch) % static_cast<size_t>(group->worldSize()) != static_cast<size_t>(group->rank())) {
            continue;
        }
        std::vector<size_t> chunk;
        for (size_t index = first; index < std::min(first + kCacheBatch, data.samples.size()); ++index) {
            chunk.push_back(index);
        }
        if (cache.loadChunk(chunk, fileOf)) {
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        auto features = backboneFeatures(backbone, samplePixels(data, chunk), cancel);
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
    if (group != nullptr) {
        cache.exchangeChunks(*group);
    }
    return cache;
}

void FeatureCache::exchangeChunks(ProcessGroup& group)
{
    const size_t ranks = static_cast<size_t>(group.worldSize());
    for (size_t first = 0; first < m_features.size(); first += kCacheBatch) {
        const size_t count = std::min(kCacheBatch, m_features.size() - first);
        const int owner = static_cast<int>((first / kCacheBatch) % ranks);
        const bool mine = owner == group.rank();
        at::Tensor shape = at::zeros({ 3 }, at::kLong);
        if (mine) {
            std::copy_n(m_features[first].sizes().begin(), 3, shape.data_ptr<int64_t>());
        }
        group.broadcast(shape, owner, "the feature exchange");
        const int64_t* side = shape.data_ptr<int64_t>();
        at::Tensor chunk = mine
            ? at::stack(std::vector<at::Tensor>(m_features.begin() + static_cast<std::ptrdiff_t>(first),
                m_features.begin() + static_cast<std::ptrdiff_t>(first + count)))
            : at::empty({ static_cast<int64_t>(count), side[0], side[1], side[2] }, at::kFloat);
        group.broadcast(chunk, owner, "the feature exchange");
        for (size_t i = 0; i < count && !mine; ++i) {
            m_features[first + i] = chunk.select(0, static_cast<int64_t>(i)).contiguous();
        }
    }
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
    if (indices.empty()) { // a rank's empty share of a short last batch
        std::vector<int64_t> shape = { 0 };
        if (!m_features.empty()) {
            shape.insert(shape.end(), m_features.front().sizes().begin(), m_features.front().sizes().end());
        }
        return at::empty(shape, at::kFloat);
    }
    std::vector<at::Tensor> parts;
    parts.reserve(indices.size());
    for (size_t index : indices) {
        parts.push_back(m_features[index]);
    }
    return at::stack(parts);
}

} // namespace dinolens::inference::detail
