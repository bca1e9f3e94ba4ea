#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dinolens/core/hausdorff_distance.h"

using namespace dinolens::core;

namespace {

void fillBox(LabelMask& mask, std::array<int, 3> low, std::array<int, 3> size, std::uint8_t classId = 1)
{
    for (int k = low[2]; k < low[2] + size[2]; ++k) {
        for (int j = low[1]; j < low[1] + size[1]; ++j) {
            for (int i = low[0]; i < low[0] + size[0]; ++i) {
                mask.at(i, j, k) = classId;
            }
        }
    }
}

// Independent reference: brute force over all surface pairs, same definition as the header.
std::vector<std::array<int, 3>> surface(const LabelMask& m)
{
    std::vector<std::array<int, 3>> points;
    const auto in = [&](int i, int j, int k) {
        return i >= 0 && j >= 0 && k >= 0 && i < m.dims[0] && j < m.dims[1] && k < m.dims[2] && m.at(i, j, k) > 0;
    };
    for (int k = 0; k < m.dims[2]; ++k) {
        for (int j = 0; j < m.dims[1]; ++j) {
            for (int i = 0; i < m.dims[0]; ++i) {
                const bool zEdge = m.dims[2] > 1 && (!in(i, j, k - 1) || !in(i, j, k + 1));
                if (in(i, j, k)
                    && (!in(i - 1, j, k) || !in(i + 1, j, k) || !in(i, j - 1, k) || !in(i, j + 1, k) || zEdge)) {
                    points.push_back({ i, j, k });
                }
            }
        }
    }
    return points;
}

double bruteForceHd95(const LabelMask& a, const LabelMask& b)
{
    const auto directed = [&](const auto& from, const auto& to) {
        std::vector<double> d;
        for (const auto& p : from) {
            double best = INFINITY;
            for (const auto& q : to) {
                double sum = 0.0;
                for (std::size_t axis = 0; axis < 3; ++axis) {
                    const double delta = (p[axis] - q[axis]) * a.spacing[axis];
                    sum += delta * delta;
                }
                best = std::min(best, std::sqrt(sum));
            }
            d.push_back(best);
        }
        std::sort(d.begin(), d.end());
        const double position = 0.95 * static_cast<double>(d.size() - 1);
        const auto below = static_cast<std::size_t>(position);
        const std::size_t above = std::min(below + 1, d.size() - 1);
        return d[below] + (position - static_cast<double>(below)) * (d[above] - d[below]);
    };
    const auto sa = surface(a);
    const auto sb = surface(b);
    return std::max(directed(sa, sb), directed(sb, sa));
}

} // namespace

class TestHausdorffDistance : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void singlePixels_data()
    {
        QTest::addColumn<int>("dx");
        QTest::addColumn<int>("dy");
        QTest::addColumn<double>("spacingX");
        QTest::addColumn<double>("spacingY");
        QTest::addColumn<double>("expected");
        QTest::newRow("same") << 0 << 0 << 1.0 << 1.0 << 0.0;
        QTest::newRow("3 px right") << 3 << 0 << 1.0 << 1.0 << 3.0;
        QTest::newRow("half-mm spacing halves it") << 3 << 0 << 0.5 << 0.5 << 1.5;
        QTest::newRow("anisotropic along x") << 3 << 0 << 2.0 << 1.0 << 6.0;
        QTest::newRow("anisotropic along y") << 0 << 3 << 2.0 << 1.0 << 3.0;
        QTest::newRow("diagonal 3-4-5") << 3 << 4 << 1.0 << 1.0 << 5.0;
    }
    void singlePixels()
    {
        QFETCH(int, dx);
        QFETCH(int, dy);
        QFETCH(double, spacingX);
        QFETCH(double, spacingY);
        QFETCH(double, expected);
        LabelMask truth = LabelMask::zeros(12, 12);
        LabelMask predicted = LabelMask::zeros(12, 12);
        truth.spacing = predicted.spacing = { spacingX, spacingY, 1.0 };
        truth.at(1, 2) = 1;
        predicted.at(1 + dx, 2 + dy) = 2;
        const auto result = hausdorffDistance(truth, predicted);
        QVERIFY(result.ok());
        QCOMPARE(result->status, SurfaceDistanceStatus::Defined);
        QCOMPARE(result->hd95Mm, expected);
        QCOMPARE(result->maximumMm, expected);
    }

    void parallelLinesOffsetByK()
    {
        // Every point of one line is exactly k from the other: HD95 = HD = k (mm), halved at 0.5 mm spacing.
        for (const int k : { 1, 4, 7 }) {
            LabelMask truth = LabelMask::zeros(20, 20);
            LabelMask predicted = LabelMask::zeros(20, 20);
            fillBox(truth, { 2, 3, 0 }, { 1, 10, 1 });
            fillBox(predicted, { 2 + k, 3, 0 }, { 1, 10, 1 });
            QCOMPARE(hausdorffDistance(truth, predicted)->hd95Mm, double(k));
            truth.spacing = predicted.spacing = { 0.5, 0.5, 1.0 };
            QCOMPARE(hausdorffDistance(truth, predicted)->hd95Mm, k / 2.0);
        }
    }

    void offsetSquaresMatchTheDefinition()
    {
        // Squares of side 8 shifted by 3: the largest surface distance is the shift; HD95 checked against a
        // brute-force evaluation of the same definition.
        LabelMask truth = LabelMask::zeros(20, 20);
        LabelMask predicted = LabelMask::zeros(20, 20);
        fillBox(truth, { 2, 2, 0 }, { 8, 8, 1 });
        fillBox(predicted, { 5, 2, 0 }, { 8, 8, 1 });
        const auto result = hausdorffDistance(truth, predicted);
        QCOMPARE(result->maximumMm, 3.0);
        QCOMPARE(result->hd95Mm, bruteForceHd95(truth, predicted));
        QCOMPARE(hausdorffDistance(truth, truth)->hd95Mm, 0.0);
    }

    void anisotropicVolume()
    {
        LabelMask truth = LabelMask::zeros(16, 16, 10);
        LabelMask predicted = LabelMask::zeros(16, 16, 10);
        truth.spacing = predicted.spacing = { 0.9, 0.9, 2.5 };
        truth.at(5, 5, 0) = 1;
        predicted.at(5, 5, 3) = 1;
        QCOMPARE(hausdorffDistance(truth, predicted)->hd95Mm, 7.5);

        fillBox(truth, { 2, 3, 2 }, { 6, 5, 4 });
        fillBox(predicted, { 4, 2, 3 }, { 7, 6, 5 });
        const auto result = hausdorffDistance(truth, predicted);
        QVERIFY(std::abs(result->hd95Mm - bruteForceHd95(truth, predicted)) < 1e-9);
    }

    void emptyMasksAreExplicit()
    {
        LabelMask some = LabelMask::zeros(8, 8);
        some.at(3, 3) = 1;
        const LabelMask none = LabelMask::zeros(8, 8);
        const auto both = hausdorffDistance(none, none);
        QCOMPARE(both->status, SurfaceDistanceStatus::BothEmpty);
        QCOMPARE(both->hd95Mm, 0.0);
        QVERIFY(both->isDefined());
        const auto missed = hausdorffDistance(some, none);
        QCOMPARE(missed->status, SurfaceDistanceStatus::PredictionEmpty);
        QVERIFY(std::isnan(missed->hd95Mm));
        QVERIFY(!missed->isDefined());
        QCOMPARE(hausdorffDistance(none, some)->status, SurfaceDistanceStatus::TruthEmpty);
    }

    void selectsOneClass()
    {
        LabelMask truth = LabelMask::zeros(10, 10);
        LabelMask predicted = LabelMask::zeros(10, 10);
        truth.at(1, 1) = 1;
        truth.at(8, 8) = 2;
        predicted.at(1, 1) = 1;
        predicted.at(8, 4) = 2;
        QCOMPARE(hausdorffDistance(truth, predicted, std::uint8_t { 1 })->hd95Mm, 0.0);
        QCOMPARE(hausdorffDistance(truth, predicted, std::uint8_t { 2 })->hd95Mm, 4.0);
        QCOMPARE(hausdorffDistance(truth, predicted, std::uint8_t { 3 })->status, SurfaceDistanceStatus::BothEmpty);
    }

    void invalidInputsAreErrors()
    {
        LabelMask a = LabelMask::zeros(4, 4);
        LabelMask b = LabelMask::zeros(4, 4);
        b.spacing = { 0.5, 1.0, 1.0 };
        QCOMPARE(hausdorffDistance(a, b).error().code, ErrorCode::InvalidArgument);
        a.spacing = b.spacing = { 0.0, 1.0, 1.0 };
        QCOMPARE(hausdorffDistance(a, b).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(
            hausdorffDistance(LabelMask::zeros(4, 4), LabelMask::zeros(5, 4)).error().code, ErrorCode::InvalidArgument);
    }

    void fullSizeInputs()
    {
        // The sizes the viewer meets: a 640x640 slice and a 256x256x24 volume, compared with a coarse check.
        LabelMask truth = LabelMask::zeros(640, 640);
        LabelMask predicted = LabelMask::zeros(640, 640);
        fillBox(truth, { 100, 100, 0 }, { 300, 200, 1 });
        fillBox(predicted, { 110, 100, 0 }, { 300, 200, 1 });
        QCOMPARE(hausdorffDistance(truth, predicted)->maximumMm, 10.0);
        LabelMask volumeTruth = LabelMask::zeros(256, 256, 24);
        LabelMask volumePrediction = LabelMask::zeros(256, 256, 24);
        volumeTruth.spacing = volumePrediction.spacing = { 1.0, 1.0, 5.0 };
        fillBox(volumeTruth, { 0, 0, 0 }, { 256, 256, 12 });
        fillBox(volumePrediction, { 0, 0, 0 }, { 256, 256, 14 });
        QCOMPARE(hausdorffDistance(volumeTruth, volumePrediction)->maximumMm, 10.0);
    }
};

QTEST_GUILESS_MAIN(TestHausdorffDistance)
#include "tst_hausdorff_distance.moc"
