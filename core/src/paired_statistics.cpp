#include "dinolens/core/paired_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace dinolens::core {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double normalTwoSided(double z)
{
    return std::erfc(std::abs(z) / std::sqrt(2.0));
}

// Exact two-sided p of W+ = w for n untied pairs: the null counts of every rank sum by dynamic programming.
double exactSignedRankP(double w, int n)
{
    const int maxSum = n * (n + 1) / 2;
    std::vector<double> counts(static_cast<size_t>(maxSum) + 1, 0.0);
    counts[0] = 1.0;
    for (int rank = 1; rank <= n; ++rank) {
        for (int sum = maxSum; sum >= rank; --sum) {
            counts[static_cast<size_t>(sum)] += counts[static_cast<size_t>(sum - rank)];
        }
    }
    const double total = std::pow(2.0, n);
    // Two-sided: twice the smaller tail, as scipy does.
    const double lowSide = std::min(w, maxSum - w);
    double tail = 0.0;
    for (int sum = 0; sum <= static_cast<int>(std::floor(lowSide + 1e-9)); ++sum) {
        tail += counts[static_cast<size_t>(sum)];
    }
    return std::min(1.0, 2.0 * tail / total);
}

} // namespace

double sortedQuantile(const std::vector<double>& sorted, double q)
{
    if (sorted.empty()) {
        return kNaN;
    }
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<size_t>(std::floor(position));
    const size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

FiveNumberSummary fiveNumberSummary(std::vector<double> values)
{
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
    std::sort(values.begin(), values.end());
    if (values.empty()) {
        return { kNaN, kNaN, kNaN, kNaN, kNaN };
    }
    return { values.front(), sortedQuantile(values, 0.25), sortedQuantile(values, 0.5), sortedQuantile(values, 0.75),
        values.back() };
}

BootstrapInterval bootstrapMeanDifference(
    const std::vector<double>& a, const std::vector<double>& b, double confidence, int resamples, uint64_t seed)
{
    BootstrapInterval result;
    result.resamples = resamples;
    const size_t n = std::min(a.size(), b.size());
    if (n == 0 || resamples < 1) {
        result.mean = result.lower = result.upper = kNaN;
        return result;
    }
    std::vector<double> differences(n);
    for (size_t i = 0; i < n; ++i) {
        differences[i] = b[i] - a[i];
    }
    result.mean = std::accumulate(differences.begin(), differences.end(), 0.0) / static_cast<double>(n);
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<size_t> pick(0, n - 1);
    std::vector<double> means(static_cast<size_t>(resamples));
    for (double& mean : means) {
        double sum = 0.0;
        for (size_t i = 0; i < n; ++i) {
            sum += differences[pick(random)];
        }
        mean = sum / static_cast<double>(n);
    }
    std::sort(means.begin(), means.end());
    const double tail = (1.0 - confidence) / 2.0;
    result.lower = sortedQuantile(means, tail);
    result.upper = sortedQuantile(means, 1.0 - tail);
    return result;
}

WilcoxonResult wilcoxonSignedRank(const std::vector<double>& a, const std::vector<double>& b)
{
    WilcoxonResult result;
    std::vector<double> differences;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        const double d = b[i] - a[i];
        if (d != 0.0 && !std::isnan(d)) {
            differences.push_back(d);
        }
    }
    const auto n = static_cast<int>(differences.size());
    result.pairs = n;
    if (n == 0) {
        return result;
    }
    // Average ranks of |d|, ties sharing the mean rank; tie groups feed the variance correction.
    std::vector<size_t> order(differences.size());
    std::iota(order.begin(), order.end(), size_t { 0 });
    std::sort(order.begin(), order.end(),
        [&](size_t x, size_t y) { return std::abs(differences[x]) < std::abs(differences[y]); });
    double tieCorrection = 0.0;
    bool ties = false;
    for (size_t start = 0; start < order.size();) {
        size_t end = start + 1;
        while (end < order.size() && std::abs(differences[order[end]]) == std::abs(differences[order[start]])) {
            ++end;
        }
        const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
        const auto group = static_cast<double>(end - start);
        if (end - start > 1) {
            ties = true;
            tieCorrection += group * group * group - group;
        }
        for (size_t i = start; i < end; ++i) {
            if (differences[order[i]] > 0.0) {
                result.statistic += rank;
            }
        }
        start = end;
    }
    const double count = n;
    const double expected = count * (count + 1.0) / 4.0;
    const double variance = count * (count + 1.0) * (2.0 * count + 1.0) / 24.0 - tieCorrection / 48.0;
    if (variance > 0.0) {
        const double deviation = result.statistic - expected;
        const double corrected = std::max(0.0, std::abs(deviation) - 0.5);
        result.z = std::copysign(corrected / std::sqrt(variance), deviation);
    }
    if (n <= 25 && !ties) {
        result.exact = true;
        result.pValue = exactSignedRankP(result.statistic, n);
    } else {
        result.pValue = variance > 0.0 ? normalTwoSided(result.z) : 1.0;
    }
    return result;
}

} // namespace dinolens::core
