#include <QtTest/QtTest>

#include <cmath>
#include <vector>

#include "dinolens/core/segmentation_metrics.h"

using namespace dinolens::core;

namespace {

void fillRect(LabelMask& mask, int x, int y, int width, int height, std::uint8_t classId)
{
    for (int j = y; j < y + height; ++j) {
        for (int i = x; i < x + width; ++i) {
            mask.at(i, j) = classId;
        }
    }
}

} // namespace

class TestSegmentationMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void offsetSquares_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<double>("dice");
        QTest::addColumn<double>("iou");
        // Two 4x4 squares, the second shifted right by `offset`: overlap 4 * (4 - offset) pixels.
        QTest::newRow("same") << 0 << 1.0 << 1.0;
        QTest::newRow("offset 1") << 1 << 24.0 / 32.0 << 12.0 / 20.0;
        QTest::newRow("offset 2") << 2 << 16.0 / 32.0 << 8.0 / 24.0;
        QTest::newRow("disjoint") << 4 << 0.0 << 0.0;
    }
    void offsetSquares()
    {
        QFETCH(int, offset);
        QFETCH(double, dice);
        QFETCH(double, iou);
        LabelMask truth = LabelMask::zeros(10, 10);
        LabelMask predicted = LabelMask::zeros(10, 10);
        fillRect(truth, 2, 2, 4, 4, 1);
        fillRect(predicted, 2 + offset, 2, 4, 4, 1);
        const auto scores = perClassOverlap(truth, predicted);
        QVERIFY(scores.ok());
        QCOMPARE((*scores)[1].dice, dice);
        QCOMPARE((*scores)[1].iou, iou);
        QVERIFY(!(*scores)[1].bothEmpty);
        QCOMPARE((*scores)[1].intersectionVoxels, std::int64_t { 4 * (4 - offset) });
        const auto tumour = tumorOverlap(truth, predicted);
        QCOMPARE(tumour->dice, dice);
    }

    void emptyCasesAreDefined()
    {
        LabelMask truth = LabelMask::zeros(6, 6);
        LabelMask predicted = LabelMask::zeros(6, 6);
        fillRect(truth, 1, 1, 2, 2, 1); // glioma in the truth
        fillRect(predicted, 1, 1, 2, 2, 2); // called meningioma
        const auto scores = perClassOverlap(truth, predicted);
        QVERIFY(scores.ok());
        QCOMPARE((*scores)[1].dice, 0.0); // predicted empty
        QCOMPARE((*scores)[2].dice, 0.0); // truth empty
        QVERIFY(!(*scores)[2].bothEmpty);
        QCOMPARE((*scores)[3].dice, 1.0); // both empty: agreement, flagged
        QCOMPARE((*scores)[3].iou, 1.0);
        QVERIFY((*scores)[3].bothEmpty);
        QCOMPARE((*scores)[0].dice, 1.0); // the background matches everywhere
        QCOMPARE(tumorOverlap(truth, predicted)->dice, 1.0); // the location is right
        const auto none = tumorOverlap(LabelMask::zeros(6, 6), LabelMask::zeros(6, 6));
        QCOMPARE(none->dice, 1.0);
        QVERIFY(none->bothEmpty);
    }

    void mismatchedMasksAreErrors()
    {
        QCOMPARE(
            perClassOverlap(LabelMask::zeros(4, 4), LabelMask::zeros(4, 5)).error().code, ErrorCode::InvalidArgument);
        LabelMask broken = LabelMask::zeros(4, 4);
        broken.labels.pop_back();
        QCOMPARE(tumorOverlap(broken, LabelMask::zeros(4, 4)).error().code, ErrorCode::InvalidArgument);
    }

    void works3d()
    {
        LabelMask truth = LabelMask::zeros(4, 4, 3);
        LabelMask predicted = LabelMask::zeros(4, 4, 3);
        truth.at(1, 1, 0) = 3;
        truth.at(1, 1, 1) = 3;
        predicted.at(1, 1, 1) = 3;
        QCOMPARE((*perClassOverlap(truth, predicted))[3].dice, 2.0 / 3.0);
    }

    void summaryUsesSampleStd()
    {
        const std::vector<double> values { 1.0, 2.0, 3.0, 4.0, std::nan("") };
        const MetricSummary summary = summarizeMetric(values);
        QCOMPARE(summary.count, 4);
        QCOMPARE(summary.skipped, 1);
        QCOMPARE(summary.mean, 2.5);
        QCOMPARE(summary.std, std::sqrt(5.0 / 3.0)); // squares 5 over n - 1 = 3
        const std::vector<double> one { 0.7 };
        QCOMPARE(summarizeMetric(one).mean, 0.7);
        QVERIFY(std::isnan(summarizeMetric(one).std));
        QVERIFY(std::isnan(summarizeMetric({}).mean));
    }

    void dominantClass()
    {
        LabelMask mask = LabelMask::zeros(5, 5);
        QCOMPARE(dominantTumorClass(mask), 0);
        fillRect(mask, 0, 0, 3, 1, 1);
        fillRect(mask, 0, 1, 5, 1, 2);
        QCOMPARE(dominantTumorClass(mask), 2);
        fillRect(mask, 0, 2, 2, 1, 1); // glioma 5, meningioma 5: the tie goes to the lower id
        QCOMPARE(dominantTumorClass(mask), 1);
    }

    void confusionMatrix()
    {
        TumorConfusionMatrix matrix;
        QVERIFY(std::isnan(matrix.accuracy()));
        LabelMask glioma = LabelMask::zeros(4, 4);
        fillRect(glioma, 0, 0, 2, 2, 1);
        LabelMask pituitary = LabelMask::zeros(4, 4);
        fillRect(pituitary, 0, 0, 2, 2, 3);
        const LabelMask none = LabelMask::zeros(4, 4);
        matrix.add(glioma, glioma);
        matrix.add(glioma, pituitary);
        matrix.add(glioma, none);
        matrix.add(none, none);
        QVERIFY(!matrix.add(4, 0));
        QCOMPARE(matrix.count(1, 1), 1);
        QCOMPARE(matrix.count(1, 3), 1);
        QCOMPARE(matrix.count(1, 0), 1);
        QCOMPARE(matrix.count(0, 0), 1);
        QCOMPARE(matrix.total(), 4);
        QCOMPARE(matrix.accuracy(), 0.5);
    }
};

QTEST_GUILESS_MAIN(TestSegmentationMetrics)
#include "tst_segmentation_metrics.moc"
