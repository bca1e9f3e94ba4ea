#include "dinolens/ui/segmentation_cache.h"

#include <algorithm>
#include <cstring>

namespace dinolens::ui {

void SegmentationCache::ensure(const std::string& key, std::array<int, 3> dims, std::array<double, 3> spacing)
{
    const auto found = m_entries.find(key);
    if (found != m_entries.end() && found->second.mask->dims == dims) {
        return;
    }
    Entry entry;
    entry.mask = std::make_shared<core::LabelMask>(core::LabelMask::zeros(dims[0], dims[1], dims[2]));
    entry.mask->spacing = spacing;
    entry.done.assign(static_cast<std::size_t>(std::max(dims[2], 0)), false);
    m_entries[key] = std::move(entry);
}

bool SegmentationCache::contains(const std::string& key) const
{
    return m_entries.count(key) > 0;
}

bool SegmentationCache::store(const std::string& key, int k, const core::LabelMask& slice, TumorVerdict verdict)
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end()) {
        return false;
    }
    Entry& entry = found->second;
    const auto& dims = entry.mask->dims;
    if (k < 0 || k >= dims[2] || slice.dims[0] != dims[0] || slice.dims[1] != dims[1] || !slice.isValid()) {
        return false;
    }
    if (entry.mask.use_count() > 1) {
        entry.mask = std::make_shared<core::LabelMask>(*entry.mask); // a snapshot is out: copy on write
    }
    const std::size_t plane = static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]);
    std::memcpy(entry.mask->labels.data() + plane * static_cast<std::size_t>(k), slice.labels.data(), plane);
    entry.done[static_cast<std::size_t>(k)] = true;
    entry.verdicts.resize(entry.done.size());
    entry.verdicts[static_cast<std::size_t>(k)] = verdict;
    return true;
}

std::optional<TumorVerdict> SegmentationCache::sliceVerdict(const std::string& key, int k) const
{
    if (!isDone(key, k)) {
        return std::nullopt;
    }
    const Entry& entry = m_entries.at(key);
    const auto index = static_cast<std::size_t>(k);
    return index < entry.verdicts.size() ? std::optional<TumorVerdict>(entry.verdicts[index]) : std::nullopt;
}

std::optional<TumorVerdict> SegmentationCache::seriesVerdict(const std::string& key) const
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end()) {
        return std::nullopt;
    }
    std::optional<TumorVerdict> series;
    const Entry& entry = found->second;
    for (std::size_t k = 0; k < entry.done.size() && k < entry.verdicts.size(); ++k) {
        if (!entry.done[k]) {
            continue;
        }
        TumorVerdict& total = series.emplace(series.value_or(TumorVerdict {}));
        total.probability = std::max(total.probability, entry.verdicts[k].probability);
        total.present = total.present || entry.verdicts[k].present;
    }
    return series;
}

bool SegmentationCache::isDone(const std::string& key, int k) const
{
    const auto found = m_entries.find(key);
    return found != m_entries.end() && k >= 0 && static_cast<std::size_t>(k) < found->second.done.size()
        && found->second.done[static_cast<std::size_t>(k)];
}

int SegmentationCache::doneCount(const std::string& key) const
{
    const auto found = m_entries.find(key);
    return found == m_entries.end()
        ? 0
        : static_cast<int>(std::count(found->second.done.begin(), found->second.done.end(), true));
}

std::vector<int> SegmentationCache::missing(const std::string& key, const std::vector<int>& wanted) const
{
    std::vector<int> result;
    for (const int k : wanted) {
        if (!isDone(key, k)) {
            result.push_back(k);
        }
    }
    return result;
}

std::shared_ptr<const core::LabelMask> SegmentationCache::mask(const std::string& key) const
{
    const auto found = m_entries.find(key);
    return found == m_entries.end() ? nullptr : found->second.mask;
}

std::optional<core::OverlapScore> SegmentationCache::overlapOnDone(
    const std::string& key, const core::LabelMask& truth) const
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end() || truth.dims != found->second.mask->dims || !truth.isValid()) {
        return std::nullopt;
    }
    const Entry& entry = found->second;
    const int depth = static_cast<int>(std::count(entry.done.begin(), entry.done.end(), true));
    if (depth == 0) {
        return std::nullopt;
    }
    // The done slices stacked, so that pending (unsegmented) slices do not count as misses.
    core::LabelMask truthPart = core::LabelMask::zeros(truth.dims[0], truth.dims[1], depth);
    core::LabelMask predictedPart = truthPart;
    const std::size_t plane = static_cast<std::size_t>(truth.dims[0]) * static_cast<std::size_t>(truth.dims[1]);
    std::size_t to = 0;
    for (std::size_t k = 0; k < entry.done.size(); ++k) {
        if (entry.done[k]) {
            std::memcpy(truthPart.labels.data() + to * plane, truth.labels.data() + k * plane, plane);
            std::memcpy(predictedPart.labels.data() + to * plane, entry.mask->labels.data() + k * plane, plane);
            ++to;
        }
    }
    auto score = core::tumorOverlap(truthPart, predictedPart);
    return score.ok() ? std::optional<core::OverlapScore>(*score) : std::nullopt;
}

core::LabelMask maskSlice(const core::LabelMask& mask, int k)
{
    if (!mask.isValid() || k < 0 || k >= mask.dims[2]) {
        return {};
    }
    core::LabelMask slice = core::LabelMask::zeros(mask.dims[0], mask.dims[1], 1);
    slice.spacing = mask.spacing;
    const std::size_t plane = slice.labels.size();
    std::memcpy(slice.labels.data(), mask.labels.data() + plane * static_cast<std::size_t>(k), plane);
    return slice;
}

} // namespace dinolens::ui
