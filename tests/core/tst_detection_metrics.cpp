// Tumour detection statistics: the image score, ROC AUC, the calibrated threshold and McNemar's test, against
// values worked out by hand.
#include <QtTest/QtTest>

#include <cmath>
#include <vector>

#include "dinolens/core/detection_metrics.h"

using namespace dinolens::core;

class TestDetectionMetrics : public QObject {
    Q_OBJECT

private slots:
    void scoreIsTheProbabilityAMinimalLesionReaches()
    {
        // 1000 pixels, minimal lesion 1% = 10 pixels: one sure pixel does not make a tumour, ten do.
        std::vector<float> image(1000, 0.01f);
        image[3] = 0.99f;
        QCOMPARE(tumorScore(image.data(), image.size(), 0.01), 0.01f);
        for (int i = 100; i < 110; ++i) {
            image[static_cast<size_t>(i)] = 0.9f;
        }
        QCOMPARE(tumorScore(image.data(), image.size(), 0.01), 0.9f);
        // Tiny images still need one pixel; an empty one scores 0.
        std::vector<float> tiny { 0.2f, 0.7f };
        QCOMPARE(tumorScore(tiny.data(), tiny.size(), 0.001), 0.7f);
        QCOMPARE(tumorScore(nullptr, 0), 0.0f);
    }

    void aucCountsTiesHalf()
    {
        // Positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9 > 0.5), (0.9 > 0.1), (0.5 = 0.5: half), (0.5 > 0.1).
        const std::vector<ScoredCase> cases { { 0.9, true }, { 0.5, true }, { 0.5, false }, { 0.1, false } };
        QCOMPARE(rocAuc(cases), 3.5 / 4.0);
        QVERIFY(std::isnan(rocAuc({ { 0.3, true } })));
        const std::vector<ScoredCase> perfect { { 0.8, true }, { 0.7, true }, { 0.2, false } };
        QCOMPARE(rocAuc(perfect), 1.0);
    }

    void summaryAtAThreshold()
    {
        const std::vector<ScoredCase> cases { { 0.9, true }, { 0.6, true }, { 0.3, true }, { 0.4, false },
            { 0.2, false } };
        const DetectionSummary summary = summarizeDetection(cases, 0.5);
        QCOMPARE(summary.positives, 3);
        QCOMPARE(summary.negatives, 2);
        QCOMPARE(summary.sensitivity, 2.0 / 3.0);
        QCOMPARE(summary.specificity, 1.0);
        QCOMPARE(summary.threshold, 0.5);
    }

    void calibrationSeparatesTheClasses()
    {
        // Separable: any threshold in (0.4, 0.6] is perfect; the midpoint is chosen.
        const std::vector<ScoredCase> separable { { 0.9, true }, { 0.6, true }, { 0.4, false }, { 0.1, false } };
        QCOMPARE(calibrateThreshold(separable), 0.5);
        const DetectionSummary best = summarizeDetection(separable, calibrateThreshold(separable));
        QCOMPARE(best.sensitivity, 1.0);
        QCOMPARE(best.specificity, 1.0);
        // Overlapping: Youden's J is largest between 0.35 and 0.7 (sensitivity 2/3, specificity 1).
        const std::vector<ScoredCase> overlapping { { 0.8, true }, { 0.7, true }, { 0.3, true }, { 0.35, false },
            { 0.2, false } };
        const double threshold = calibrateThreshold(overlapping);
        QVERIFY2(threshold > 0.35 && threshold <= 0.7, qPrintable(QString::number(threshold)));
        // One kind only: keep that kind right; nothing at all: the default.
        QCOMPARE(calibrateThreshold({ { 0.9, true }, { 0.7, true } }), 0.7);
        const double aboveNegatives = calibrateThreshold({ { 0.2, false }, { 0.4, false } });
        QVERIFY(aboveNegatives > 0.4 && aboveNegatives < 0.4001);
        QCOMPARE(calibrateThreshold({}), 0.5);
    }

    void mcnemarExactAndApproximate()
    {
        // 6 discordant pairs, 5 for the first model: exact two-sided p = 2 * (1 + 6) / 64.
        std::vector<bool> first { true, true, true, true, true, false, true, false };
        std::vector<bool> second { false, false, false, false, false, true, true, false };
        const McNemarResult small = mcnemarTest(first, second);
        QCOMPARE(small.onlyFirstCorrect, 5);
        QCOMPARE(small.onlySecondCorrect, 1);
        QVERIFY(std::abs(small.pValue - 14.0 / 64.0) < 1e-12);
        // 40 discordant pairs, 30 against 10: chi-square (|30 - 10| - 1)^2 / 40 = 9.025.
        first.assign(40, true);
        second.assign(40, false);
        for (int i = 30; i < 40; ++i) {
            first[static_cast<size_t>(i)] = false;
            second[static_cast<size_t>(i)] = true;
        }
        const McNemarResult large = mcnemarTest(first, second);
        QCOMPARE(large.statistic, 9.025);
        QVERIFY(std::abs(large.pValue - std::erfc(std::sqrt(9.025 / 2.0))) < 1e-12);
        QVERIFY(large.pValue < 0.01);
        QCOMPARE(mcnemarTest({ true }, { true }).pValue, 1.0);
    }
};

QTEST_APPLESS_MAIN(TestDetectionMetrics)
#include "tst_detection_metrics.moc"
