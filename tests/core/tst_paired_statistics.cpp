#include <QtTest/QtTest>

#include <cmath>
#include <vector>

#include "dinolens/core/paired_statistics.h"

using namespace dinolens::core;

class TestPairedStatistics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wilcoxonMatchesScipyExactExample()
    {
        // scipy.stats.wilcoxon documentation: Darwin's height differences, two-sided exact p = 0.041259765625.
        const std::vector<double> d = { 6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75 };
        const std::vector<double> zeros(d.size(), 0.0);
        const WilcoxonResult result = wilcoxonSignedRank(zeros, d);
        QCOMPARE(result.pairs, 15);
        QVERIFY(result.exact);
        QCOMPARE(result.statistic, 96.0);
        QVERIFY(std::abs(result.pValue - 0.041259765625) < 1e-9);
        // Swapping the models mirrors the statistic, not the p-value.
        const WilcoxonResult swapped = wilcoxonSignedRank(d, zeros);
        QCOMPARE(swapped.statistic, 24.0);
        QVERIFY(std::abs(swapped.pValue - result.pValue) < 1e-12);
    }

    void wilcoxonNormalApproximationWithTiesAndZeros()
    {
        // 30 pairs where B is better by tied amounts, plus zero differences that must be dropped.
        std::vector<double> a;
        std::vector<double> b;
        for (int i = 0; i < 30; ++i) {
            a.push_back(0.5);
            b.push_back(0.5 + 0.01 * (1 + i % 3));
        }
        a.push_back(0.7);
        b.push_back(0.7);
        const WilcoxonResult result = wilcoxonSignedRank(a, b);
        QCOMPARE(result.pairs, 30);
        QVERIFY(!result.exact);
        QCOMPARE(result.statistic, 465.0); // every rank positive: 30 * 31 / 2
        QVERIFY(result.z > 4.0);
        QVERIFY(result.pValue < 1e-5);
    }

    void wilcoxonSymmetricDifferencesAreNotSignificant()
    {
        const std::vector<double> a = { 1, 2, 3, 4, 5, 6 };
        const std::vector<double> b = { 2, 1, 4, 3, 6, 5 };
        const WilcoxonResult result = wilcoxonSignedRank(a, b);
        QVERIFY(result.pValue > 0.9);
        QCOMPARE(wilcoxonSignedRank({ 0.3 }, { 0.3 }).pValue, 1.0);
    }

    void bootstrapIsReproducibleAndBracketsTheMean()
    {
        std::vector<double> a;
        std::vector<double> b;
        for (int i = 0; i < 200; ++i) {
            a.push_back(0.6 + 0.3 * std::sin(i));
            b.push_back(a.back() + 0.05 + 0.1 * std::cos(3.0 * i));
        }
        const BootstrapInterval first = bootstrapMeanDifference(a, b, 0.95, 2000, 7);
        const BootstrapInterval second = bootstrapMeanDifference(a, b, 0.95, 2000, 7);
        QCOMPARE(first.lower, second.lower);
        QCOMPARE(first.upper, second.upper);
        QVERIFY(first.lower < first.mean && first.mean < first.upper);
        QVERIFY(first.lower > 0.03 && first.upper < 0.07);
        // Standard error of the mean here is about 0.1 / sqrt(2) / sqrt(200) = 0.005: the 95% width is ~0.02.
        QVERIFY(first.upper - first.lower > 0.012 && first.upper - first.lower < 0.03);
        const BootstrapInterval constant = bootstrapMeanDifference({ 0.5, 0.6 }, { 0.6, 0.7 }, 0.95, 100, 1);
        QVERIFY(std::abs(constant.lower - 0.1) < 1e-12 && std::abs(constant.upper - 0.1) < 1e-12);
        QVERIFY(std::isnan(bootstrapMeanDifference({}, {}).mean));
    }

    void fiveNumbersFollowNumpyInterpolation()
    {
        const FiveNumberSummary s = fiveNumberSummary({ 4.0, 1.0, 3.0, 2.0, std::nan("") });
        QCOMPARE(s.minimum, 1.0);
        QCOMPARE(s.q1, 1.75);
        QCOMPARE(s.median, 2.5);
        QCOMPARE(s.q3, 3.25);
        QCOMPARE(s.maximum, 4.0);
    }
};

QTEST_APPLESS_MAIN(TestPairedStatistics)
#include "tst_paired_statistics.moc"
