#pragma once
// "Is there a tumour?": the image-level score DinoLens derives from a segmentation network's output, and the
// statistics of such decisions (ROC AUC, sensitivity, specificity, a threshold calibrated on validation data,
// McNemar's test for two models' paired decisions).
//
// The score of an image is its tumour probability at the size of a minimal lesion: the k-th largest per-pixel
// probability of "not background" (1 - softmax of the background class), with k = minAreaFraction x the image's
// pixel count (at least 1). A single bright pixel therefore cannot make an image positive, while any lesion of at
// least that area whose pixels the network is sure of scores near 1. A volume's score is the largest of its slices'.
// Thread-safety: pure functions.

#include <cstddef>
#include <vector>

namespace dinolens::core {

/// Default minimal lesion area: 0.1% of the image (about 50 pixels at 224 x 224, 410 at 640 x 640).
inline constexpr double kDefaultMinLesionFraction = 0.001;

/// The score above of `count` per-pixel tumour probabilities (the values are reordered in place).
float tumorScore(float* foreground, std::size_t count, double minAreaFraction = kDefaultMinLesionFraction);

struct ScoredCase {
    double score = 0.0;
    bool positive = false; // the ground truth holds a tumour
};

struct DetectionSummary {
    int positives = 0;
    int negatives = 0;
    double threshold = 0.5;
    double sensitivity = 0.0; // NaN without positives
    double specificity = 0.0; // NaN without negatives
    double auc = 0.0; // NaN unless both are present
};

/// Area under the ROC curve (Mann-Whitney U / (P x N), ties counted half). NaN without both kinds of case.
double rocAuc(const std::vector<ScoredCase>& cases);

/// Sensitivity and specificity of "score >= threshold" and the AUC.
DetectionSummary summarizeDetection(const std::vector<ScoredCase>& cases, double threshold);

/// The threshold that maximises sensitivity + specificity (Youden's J), placed halfway between the two scores it
/// separates; among equal J the one nearest 0.5. With tumour images only: the lowest of their scores (all stay
/// positive); with images without tumour only: just above the highest (all stay negative); with none: 0.5.
double calibrateThreshold(const std::vector<ScoredCase>& cases);

struct McNemarResult {
    int onlyFirstCorrect = 0; // cases the first model decides right and the second wrong
    int onlySecondCorrect = 0; // and the other way round
    double statistic = 0.0; // chi-square with continuity correction (0 when both counts are 0)
    double pValue = 1.0; // exact two-sided binomial p for fewer than 25 discordant cases, else chi-square
};

/// McNemar's test on two models' paired decisions (correct or not) for the same cases. Sizes must match.
McNemarResult mcnemarTest(const std::vector<bool>& firstCorrect, const std::vector<bool>& secondCorrect);

} // namespace dinolens::core
