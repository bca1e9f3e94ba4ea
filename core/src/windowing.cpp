#include "dinolens/core/windowing.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

namespace dinolens::core {

namespace {

constexpr std::size_t kHistogramBins = 65536;

// The DICOM linear window. The ramp reaches 0 and 255 exactly at the branch points, so clamping it reproduces
// the two outer branches. It keeps the standard's shape ((x - (c - 0.5)) * 1/(w - 1) + 0.5) * 255 rather than
// folding it into x * a + b, whose rounding turns the exact 127.5 at x = c - 0.5 into 127.4999.
struct LinearWindow {
    double shift = 0.0; // c - 0.5
    double inverseSpan = 1.0; // 1 / (w - 1)
    bool threshold = false; // width <= 1: a step at c - 0.5

    explicit LinearWindow(const WindowLevel& window)
        : shift(window.center - 0.5)
        , threshold(!(window.width > 1.0))
    {
        inverseSpan = threshold ? 0.0 : 1.0 / (window.width - 1.0);
    }

    // Branch-free so that slice loops vectorise; NaN (masked voxels in float NIfTI) lands on 0.
    std::uint8_t operator()(double x) const
    {
        if (threshold) {
            return x > shift ? 255 : 0;
        }
        double y = ((x - shift) * inverseSpan + 0.5) * 255.0;
        y = y > 0.0 ? y : 0.0;
        y = y < 255.0 ? y : 255.0;
        return static_cast<std::uint8_t>(static_cast<int>(y + 0.5));
    }
};

template <typename T>
void windowStored(
    std::span<const T> stored, const Volume& volume, const LinearWindow& map, bool invert, std::span<std::uint8_t> out)
{
    const std::uint8_t flip = invert ? 255 : 0;
    // A plain min/max loop: std::minmax_element's branchy scan took most of the time of a 512x512 slice.
    T lowest = stored[0];
    T highest = stored[0];
    for (const T s : stored) {
        lowest = std::min(lowest, s);
        highest = std::max(highest, s);
    }
    const long long low = static_cast<long long>(lowest);
    const auto range = static_cast<std::size_t>(static_cast<long long>(highest) - low + 1);
    // A table only pays when it is no larger than the slice; otherwise map each voxel directly.
    if (range <= stored.size()) {
        std::vector<std::uint8_t> table(range);
        for (std::size_t s = 0; s < range; ++s) {
            const double storedValue = static_cast<double>(low + static_cast<long long>(s));
            table[s]
                = static_cast<std::uint8_t>(map(storedValue * volume.rescaleSlope + volume.rescaleIntercept) ^ flip);
        }
        for (std::size_t i = 0; i < stored.size(); ++i) {
            out[i] = table[static_cast<std::size_t>(static_cast<long long>(stored[i]) - low)];
        }
        return;
    }
    for (std::size_t i = 0; i < stored.size(); ++i) {
        out[i] = static_cast<std::uint8_t>(
            map(static_cast<double>(stored[i]) * volume.rescaleSlope + volume.rescaleIntercept) ^ flip);
    }
}

// Float voxels have no small value range for a table. Single precision and this exact shape (threshold hoisted,
// clamp to [0.5, 255.5] with NaN sent to 0.5, truncation) let GCC vectorise the loop: 8x faster than the scalar
// double version; a value may land one grey level off windowValue only at an exact rounding tie.
void windowFloats(std::span<const float> stored, double slope, double intercept, const LinearWindow& map, bool invert,
    std::span<std::uint8_t> out)
{
    const int flip = invert ? 255 : 0;
    const std::size_t n = std::min(stored.size(), out.size());
    if (map.threshold) {
        for (std::size_t i = 0; i < n; ++i) {
            out[i] = static_cast<std::uint8_t>(map(stored[i] * slope + intercept) ^ flip);
        }
        return;
    }
    const auto scale = static_cast<float>(slope);
    const auto offset = static_cast<float>(intercept - map.shift);
    const auto inverseSpan = static_cast<float>(map.inverseSpan);
    for (std::size_t i = 0; i < n; ++i) {
        float y = ((stored[i] * scale + offset) * inverseSpan + 0.5f) * 255.0f + 0.5f;
        y = y >= 0.5f ? y : 0.5f;
        y = y <= 255.5f ? y : 255.5f;
        out[i] = static_cast<std::uint8_t>(static_cast<int>(y) ^ flip);
    }
}

// Histogram of stored values; the value of bin b is origin + b * step (stored units).
struct ValueHistogram {
    std::vector<std::uint64_t> counts;
    double origin = 0.0;
    double step = 1.0;
    std::uint64_t total = 0;

    double valueAtRank(std::uint64_t rank) const
    {
        std::uint64_t seen = 0;
        for (std::size_t b = 0; b < counts.size(); ++b) {
            seen += counts[b];
            if (seen > rank) {
                return origin + static_cast<double>(b) * step;
            }
        }
        return origin + static_cast<double>(counts.size() - 1) * step;
    }

    // numpy.percentile's default (linear interpolation between the two nearest ranks).
    double percentile(double p) const
    {
        const double position = p / 100.0 * static_cast<double>(total - 1);
        const auto below = static_cast<std::uint64_t>(std::floor(position));
        const double fraction = position - static_cast<double>(below);
        const double low = valueAtRank(below);
        if (fraction <= 0.0 || below + 1 >= total) {
            return low;
        }
        return low + fraction * (valueAtRank(below + 1) - low);
    }

    void dropDominantMinimum()
    {
        const auto first = std::find_if(counts.begin(), counts.end(), [](std::uint64_t c) { return c > 0; });
        if (first != counts.end()
            && *first<total&& static_cast<double>(*first)> kBackgroundFraction * static_cast<double>(total)) {
            total -= *first;
            *first = 0;
        }
    }
};

template <typename T> ValueHistogram integerHistogram(std::span<const T> stored)
{
    ValueHistogram histogram;
    histogram.counts.assign(kHistogramBins, 0);
    histogram.origin = static_cast<double>(std::numeric_limits<T>::min());
    const long long shift = -static_cast<long long>(std::numeric_limits<T>::min());
    for (const T s : stored) {
        ++histogram.counts[static_cast<std::size_t>(static_cast<long long>(s) + shift)];
    }
    histogram.total = stored.size();
    return histogram;
}

ValueHistogram floatHistogram(std::span<const float> stored)
{
    ValueHistogram histogram;
    float low = std::numeric_limits<float>::infinity();
    float high = -std::numeric_limits<float>::infinity();
    for (const float v : stored) {
        if (std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    }
    if (!(low <= high)) {
        return histogram; // no finite value
    }
    histogram.counts.assign(kHistogramBins, 0);
    histogram.origin = low;
    histogram.step = (static_cast<double>(high) - low) / static_cast<double>(kHistogramBins - 1);
    const double toBin = histogram.step > 0.0 ? 1.0 / histogram.step : 0.0;
    for (const float v : stored) {
        if (std::isfinite(v)) {
            ++histogram.counts[static_cast<std::size_t>((static_cast<double>(v) - low) * toBin + 0.5)];
            ++histogram.total;
        }
    }
    return histogram;
}

ValueHistogram histogramOf(const Volume& volume, std::size_t first, std::size_t count)
{
    switch (volume.pixelType) {
    case PixelType::Int16:
        return integerHistogram(volume.as<std::int16_t>().subspan(first, count));
    case PixelType::UInt16:
        return integerHistogram(volume.as<std::uint16_t>().subspan(first, count));
    case PixelType::Float32:
        return floatHistogram(volume.as<float>().subspan(first, count));
    }
    return {};
}

} // namespace

std::uint8_t windowValue(double value, double center, double width)
{
    return LinearWindow(WindowLevel { center, width, {} })(value);
}

void windowValues(std::span<const float> values, const WindowLevel& window, bool invert, std::span<std::uint8_t> out)
{
    windowFloats(values, 1.0, 0.0, LinearWindow(window), invert, out);
}

Result<std::vector<std::uint8_t>> windowSlice(const Volume& volume, int k, const WindowLevel& window)
{
    if (volume.empty() || volume.voxels.size() != volume.voxelCount() * bytesPerVoxel(volume.pixelType)) {
        return makeError(ErrorCode::InvalidArgument, "cannot window an empty or inconsistent volume");
    }
    if (k < 0 || k >= volume.dims[2]) {
        return makeError(ErrorCode::InvalidArgument,
            "slice " + std::to_string(k) + " outside 0.." + std::to_string(volume.dims[2] - 1));
    }
    const std::size_t n = volume.sliceVoxelCount();
    const std::size_t first = n * static_cast<std::size_t>(k);
    std::vector<std::uint8_t> out(n);
    const LinearWindow map(window);
    switch (volume.pixelType) {
    case PixelType::Int16:
        windowStored(volume.as<std::int16_t>().subspan(first, n), volume, map, volume.monochrome1, out);
        break;
    case PixelType::UInt16:
        windowStored(volume.as<std::uint16_t>().subspan(first, n), volume, map, volume.monochrome1, out);
        break;
    case PixelType::Float32:
        windowFloats(volume.as<float>().subspan(first, n), volume.rescaleSlope, volume.rescaleIntercept, map,
            volume.monochrome1, out);
        break;
    }
    return out;
}

std::span<const WindowPreset> mriWindowPresets()
{
    static constexpr std::array<WindowPreset, 4> kPresets { {
        { "Full range", 0.0, 100.0 },
        { "Auto (1-99%)", kAutoLowPercentile, kAutoHighPercentile },
        { "Contrast (5-95%)", 5.0, 95.0 },
        { "Soft (0.5-99.5%)", 0.5, 99.5 },
    } };
    return kPresets;
}

Result<WindowLevel> percentileWindow(const Volume& volume, double lowPercentile, double highPercentile,
    std::optional<int> slice, const std::string& name)
{
    if (volume.empty() || volume.voxels.size() != volume.voxelCount() * bytesPerVoxel(volume.pixelType)) {
        return makeError(ErrorCode::InvalidArgument, "cannot compute a window of an empty or inconsistent volume");
    }
    if (!(lowPercentile >= 0.0 && lowPercentile < highPercentile && highPercentile <= 100.0)) {
        return makeError(ErrorCode::InvalidArgument, "percentiles must satisfy 0 <= low < high <= 100");
    }
    if (slice && (*slice < 0 || *slice >= volume.dims[2])) {
        return makeError(ErrorCode::InvalidArgument,
            "slice " + std::to_string(*slice) + " outside 0.." + std::to_string(volume.dims[2] - 1));
    }
    const std::size_t first = slice ? volume.sliceVoxelCount() * static_cast<std::size_t>(*slice) : 0;
    const std::size_t count = slice ? volume.sliceVoxelCount() : volume.voxelCount();
    ValueHistogram histogram = histogramOf(volume, first, count);
    if (histogram.total == 0) {
        return makeError(ErrorCode::InvalidArgument, "the volume holds no finite value");
    }
    histogram.dropDominantMinimum();
    // A negative slope reverses the order of stored and real-world values.
    const bool reversed = volume.rescaleSlope < 0.0;
    const double storedLow = histogram.percentile(reversed ? 100.0 - highPercentile : lowPercentile);
    const double storedHigh = histogram.percentile(reversed ? 100.0 - lowPercentile : highPercentile);
    const double a = storedLow * volume.rescaleSlope + volume.rescaleIntercept;
    const double b = storedHigh * volume.rescaleSlope + volume.rescaleIntercept;
    const double low = std::min(a, b);
    const double high = std::max(a, b);
    return WindowLevel { (low + high) / 2.0 + 0.5, high - low + 1.0, name };
}

Result<WindowLevel> autoWindow(const Volume& volume, std::optional<int> slice)
{
    return percentileWindow(volume, kAutoLowPercentile, kAutoHighPercentile, slice, "Auto");
}

WindowLevel defaultWindow(const Volume& volume)
{
    if (!volume.windows.empty()) {
        return volume.windows.front();
    }
    if (auto window = autoWindow(volume)) {
        return *window;
    }
    return WindowLevel { 0.5, 2.0, "Default" };
}

} // namespace dinolens::core
