#pragma once
// Paired comparison of two models scored on the same cases (per-image Dice of model A and model B): the mean
// difference with a percentile bootstrap confidence interval, and the Wilcoxon signed-rank test.
// Thread-safety: pure functions.

#include <cstdint>
#include <vector>

namespace dinolens::core {

struct BootstrapInterval {
    double mean = 0.0; // mean of b - a over the cases
    double lower = 0.0; // percentile interval of the resampled means
    double upper = 0.0;
    int resamples = 0;
};

/// Percentile bootstrap of mean(b - a): `resamples` resamples of the cases with replacement from a generator
/// seeded with `seed` (reproducible), interval at `confidence` (e.g. 0.95). a and b must have the same length;
/// empty input gives NaNs.
BootstrapInterval bootstrapMeanDifference(const std::vector<double>& a, const std::vector<double>& b,
    double confidence = 0.95, int resamples = 10000, uint64_t seed = 1);

struct WilcoxonResult {
    double statistic = 0.0; // W+ : sum of the ranks of the positive differences b - a
    double z = 0.0; // normal approximation, with continuity and tie corrections
    double pValue = 1.0; // two-sided
    int pairs = 0; // non-zero differences used (zeros are dropped, Wilcoxon's convention)
    bool exact = false; // p from the exact null distribution (pairs <= 25, no ties), else the normal one
};

/// Wilcoxon signed-rank test of b - a against zero (two-sided), as scipy.stats.wilcoxon with
/// zero_method="wilcox": exact for small untied samples, else the normal approximation with the tie-corrected
/// variance and a continuity correction.
WilcoxonResult wilcoxonSignedRank(const std::vector<double>& a, const std::vector<double>& b);

/// Quartiles etc. of a sample for box plots: {min, q1, median, q3, max} by linear interpolation (numpy's default).
struct FiveNumberSummary {
    double minimum = 0.0, q1 = 0.0, median = 0.0, q3 = 0.0, maximum = 0.0;
};
FiveNumberSummary fiveNumberSummary(std::vector<double> values);

/// The q-quantile (0..1) of sorted values by linear interpolation.
double sortedQuantile(const std::vector<double>& sorted, double q);

} // namespace dinolens::core
