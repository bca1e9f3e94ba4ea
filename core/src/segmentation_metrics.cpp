#include "dinolens/core/segmentation_metrics.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace dinolens::core {

namespace {

Status checkPair(const LabelMask& truth, const LabelMask& predicted)
{
    if (!truth.isValid() || !predicted.isValid()) {
        return makeError(ErrorCode::InvalidArgument, "a label mask is empty or its buffer does not match its dims");
    }
    if (truth.dims != predicted.dims) {
        return makeError(ErrorCode::InvalidArgument,
            "masks differ in size: " + std::to_string(truth.dims[0]) + "x" + std::to_string(truth.dims[1]) + "x"
                + std::to_string(truth.dims[2]) + " vs " + std::to_string(predicted.dims[0]) + "x"
                + std::to_string(predicted.dims[1]) + "x" + std::to_string(predicted.dims[2]));
    }
    return okStatus();
}

OverlapScore scoreFromCounts(std::int64_t truth, std::int64_t predicted, std::int64_t intersection)
{
    OverlapScore score;
    score.truthVoxels = truth;
    score.predictedVoxels = predicted;
    score.intersectionVoxels = intersection;
    score.bothEmpty = truth == 0 && predicted == 0;
    if (!score.bothEmpty) {
        const auto sum = static_cast<double>(truth + predicted);
        score.dice = 2.0 * static_cast<double>(intersection) / sum;
        score.iou = static_cast<double>(intersection) / (sum - static_cast<double>(intersection));
    }
    return score;
}

} // namespace

Result<std::array<OverlapScore, kTumorClassCount>> perClassOverlap(const LabelMask& truth, const LabelMask& predicted)
{
    if (auto status = checkPair(truth, predicted); !status) {
        return status.error();
    }
    // One pass with a joint histogram instead of one pass per class; on the heap, as 512 KiB is too much stack
    // for a worker thread.
    std::vector<std::int64_t> joint(256 * 256, 0);
    for (std::size_t i = 0; i < truth.labels.size(); ++i) {
        ++joint[std::size_t { truth.labels[i] } * 256 + predicted.labels[i]];
    }
    std::array<OverlapScore, kTumorClassCount> scores {};
    for (std::size_t c = 0; c < kTumorClassCount; ++c) {
        std::int64_t truthCount = 0;
        std::int64_t predictedCount = 0;
        for (std::size_t other = 0; other < 256; ++other) {
            truthCount += joint[c * 256 + other];
            predictedCount += joint[other * 256 + c];
        }
        scores[c] = scoreFromCounts(truthCount, predictedCount, joint[c * 256 + c]);
    }
    return scores;
}

Result<OverlapScore> tumorOverlap(const LabelMask& truth, const LabelMask& predicted)
{
    if (auto status = checkPair(truth, predicted); !status) {
        return status.error();
    }
    std::int64_t truthCount = 0;
    std::int64_t predictedCount = 0;
    std::int64_t both = 0;
    for (std::size_t i = 0; i < truth.labels.size(); ++i) {
        const bool t = truth.labels[i] > 0;
        const bool p = predicted.labels[i] > 0;
        truthCount += t ? 1 : 0;
        predictedCount += p ? 1 : 0;
        both += (t && p) ? 1 : 0;
    }
    return scoreFromCounts(truthCount, predictedCount, both);
}

MetricSummary summarizeMetric(std::span<const double> values)
{
    MetricSummary summary;
    double sum = 0.0;
    for (const double v : values) {
        if (std::isnan(v)) {
            ++summary.skipped;
        } else {
            sum += v;
            ++summary.count;
        }
    }
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (summary.count == 0) {
        summary.mean = kNaN;
        summary.std = kNaN;
        return summary;
    }
    summary.mean = sum / summary.count;
    if (summary.count < 2) {
        summary.std = kNaN;
        return summary;
    }
    // Two passes: the textbook one-pass formula loses precision when the spread is small against the mean.
    double squares = 0.0;
    for (const double v : values) {
        if (!std::isnan(v)) {
            squares += (v - summary.mean) * (v - summary.mean);
        }
    }
    summary.std = std::sqrt(squares / (summary.count - 1));
    return summary;
}

int dominantTumorClass(const LabelMask& mask)
{
    std::array<std::int64_t, kTumorClassCount> counts {};
    for (const std::uint8_t label : mask.labels) {
        if (label > 0 && label < kTumorClassCount) {
            ++counts[label];
        }
    }
    int best = 0;
    for (int c = 1; c < kTumorClassCount; ++c) {
        if (counts[static_cast<std::size_t>(c)] > counts[static_cast<std::size_t>(best)]
            || (best == 0 && counts[static_cast<std::size_t>(c)] > 0)) {
            best = c;
        }
    }
    return best;
}

bool TumorConfusionMatrix::add(int truthClass, int predictedClass)
{
    if (truthClass < 0 || truthClass >= kTumorClassCount || predictedClass < 0 || predictedClass >= kTumorClassCount) {
        return false;
    }
    ++m_counts[static_cast<std::size_t>(truthClass)][static_cast<std::size_t>(predictedClass)];
    return true;
}

void TumorConfusionMatrix::add(const LabelMask& truth, const LabelMask& predicted)
{
    add(dominantTumorClass(truth), dominantTumorClass(predicted));
}

int TumorConfusionMatrix::count(int truthClass, int predictedClass) const
{
    if (truthClass < 0 || truthClass >= kTumorClassCount || predictedClass < 0 || predictedClass >= kTumorClassCount) {
        return 0;
    }
    return m_counts[static_cast<std::size_t>(truthClass)][static_cast<std::size_t>(predictedClass)];
}

int TumorConfusionMatrix::total() const
{
    int sum = 0;
    for (const auto& row : m_counts) {
        for (const int v : row) {
            sum += v;
        }
    }
    return sum;
}

double TumorConfusionMatrix::accuracy() const
{
    const int n = total();
    if (n == 0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    int diagonal = 0;
    for (std::size_t c = 0; c < kTumorClassCount; ++c) {
        diagonal += m_counts[c][c];
    }
    return static_cast<double>(diagonal) / n;
}

} // namespace dinolens::core
