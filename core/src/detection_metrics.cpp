#include "dinolens/core/detection_metrics.h"

#include "minimal_lesion.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dinolens::core {

float tumorScore(float* foreground, std::size_t count, double minAreaFraction)
{
    if (count == 0) {
        return 0.0f;
    }
    const std::size_t k = detail::minimalLesionPixels(count, minAreaFraction);
    std::nth_element(foreground, foreground + (k - 1), foreground + count, std::greater<float>());
    return std::clamp(foreground[k - 1], 0.0f, 1.0f);
}

double rocAuc(const std::vector<ScoredCase>& cases)
{
    std::vector<ScoredCase> sorted = cases;
    std::sort(sorted.begin(), sorted.end(), [](const ScoredCase& a, const ScoredCase& b) { return a.score < b.score; });
    double positiveRankSum = 0.0;
    double positives = 0.0;
    for (std::size_t first = 0; first < sorted.size();) {
        std::size_t last = first;
        while (last < sorted.size() && sorted[last].score == sorted[first].score) {
            ++last;
        }
        const double meanRank = 0.5 * static_cast<double>(first + 1 + last); // ranks first+1 .. last
        for (std::size_t i = first; i < last; ++i) {
            if (sorted[i].positive) {
                positiveRankSum += meanRank;
                positives += 1.0;
            }
        }
        first = last;
    }
    const double negatives = static_cast<double>(sorted.size()) - positives;
    if (positives == 0.0 || negatives == 0.0) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return (positiveRankSum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

DetectionSummary summarizeDetection(const std::vector<ScoredCase>& cases, double threshold)
{
    DetectionSummary summary;
    summary.threshold = threshold;
    int truePositives = 0;
    int trueNegatives = 0;
    for (const ScoredCase& c : cases) {
        const bool called = c.score >= threshold;
        if (c.positive) {
            ++summary.positives;
            truePositives += called ? 1 : 0;
        } else {
            ++summary.negatives;
            trueNegatives += called ? 0 : 1;
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    summary.sensitivity = summary.positives > 0 ? static_cast<double>(truePositives) / summary.positives : nan;
    summary.specificity = summary.negatives > 0 ? static_cast<double>(trueNegatives) / summary.negatives : nan;
    summary.auc = rocAuc(cases);
    return summary;
}

double calibrateThreshold(const std::vector<ScoredCase>& cases)
{
    std::vector<ScoredCase> sorted = cases;
    std::sort(sorted.begin(), sorted.end(), [](const ScoredCase& a, const ScoredCase& b) { return a.score < b.score; });
    const auto positives = static_cast<double>(
        std::count_if(sorted.begin(), sorted.end(), [](const ScoredCase& c) { return c.positive; }));
    const double negatives = static_cast<double>(sorted.size()) - positives;
    if (sorted.empty()) {
        return 0.5;
    }
    if (negatives == 0.0) {
        return sorted.front().score; // every tumour image stays positive
    }
    if (positives == 0.0) {
        return std::nextafter(sorted.back().score, 2.0); // every image without tumour stays negative
    }
    // Candidate thresholds lie between consecutive distinct scores; below threshold = called negative.
    double best = 0.5;
    double bestJ = -std::numeric_limits<double>::infinity();
    double negativesBelow = 0.0;
    double positivesBelow = 0.0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        (sorted[i].positive ? positivesBelow : negativesBelow) += 1.0;
        if (i + 1 < sorted.size() && sorted[i + 1].score == sorted[i].score) {
            continue;
        }
        const double threshold = i + 1 < sorted.size() ? 0.5 * (sorted[i].score + sorted[i + 1].score)
                                                       : std::nextafter(sorted[i].score, 2.0);
        const double j = (positives - positivesBelow) / positives + negativesBelow / negatives - 1.0;
        if (j > bestJ + 1e-12 || (std::abs(j - bestJ) <= 1e-12 && std::abs(threshold - 0.5) < std::abs(best - 0.5))) {
            bestJ = j;
            best = threshold;
        }
    }
    return best;
}

McNemarResult mcnemarTest(const std::vector<bool>& firstCorrect, const std::vector<bool>& secondCorrect)
{
    if (firstCorrect.size() != secondCorrect.size()) {
        throw std::invalid_argument("mcnemarTest: the two models must decide the same cases");
    }
    McNemarResult result;
    for (std::size_t i = 0; i < firstCorrect.size(); ++i) {
        if (firstCorrect[i] && !secondCorrect[i]) {
            ++result.onlyFirstCorrect;
        } else if (!firstCorrect[i] && secondCorrect[i]) {
            ++result.onlySecondCorrect;
        }
    }
    const int b = result.onlyFirstCorrect;
    const int c = result.onlySecondCorrect;
    const int n = b + c;
    if (n == 0) {
        return result;
    }
    const double corrected = std::max(0.0, std::abs(b - c) - 1.0);
    result.statistic = corrected * corrected / n;
    if (n < 25) {
        // Exact: twice the smaller binomial tail of Bin(n, 1/2).
        const int k = std::min(b, c);
        double tail = 0.0;
        for (int i = 0; i <= k; ++i) {
            tail
                += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) - n * std::log(2.0));
        }
        result.pValue = std::min(1.0, 2.0 * tail);
    } else {
        result.pValue = std::erfc(std::sqrt(result.statistic / 2.0)); // chi-square, 1 degree of freedom
    }
    return result;
}

} // namespace dinolens::core
