// Lesion measurements (core/lesion_measurements.h) on synthetic volumes whose lesions have known sizes: a box, an
// elliptic cylinder and a lesion of another class touching the box, in an anisotropic grid with a flipped geometry.
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/core/lesion_measurements.h"

using namespace dinolens::core;

class TestLesionMeasurements : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boxAndEllipseHaveTheirKnownSizes();
    void diagonalNeighboursAreOneLesion();
    void classesAreSeparateLesions();
    void emptyMaskHasNoLesion();
    void refusesInvalidMasks();
};

namespace {

constexpr double kSx = 0.5;
constexpr double kSy = 0.5;
constexpr double kSz = 2.0;

LabelMask makeMask()
{
    LabelMask mask = LabelMask::zeros(64, 64, 16);
    mask.spacing = { kSx, kSy, kSz };
    return mask;
}

// Geometry of a NIfTI in RAS read as LPS: the first two axes flipped.
MaskGeometry flipped()
{
    MaskGeometry geometry;
    geometry.origin = { 100.0, 50.0, -20.0 };
    geometry.direction = { -1, 0, 0, 0, -1, 0, 0, 0, 1 };
    return geometry;
}

void fillBox(LabelMask& mask, int i0, int j0, int k0, int ni, int nj, int nk, std::uint8_t classId)
{
    for (int k = k0; k < k0 + nk; ++k) {
        for (int j = j0; j < j0 + nj; ++j) {
            for (int i = i0; i < i0 + ni; ++i) {
                mask.at(i, j, k) = classId;
            }
        }
    }
}

} // namespace

void TestLesionMeasurements::boxAndEllipseHaveTheirKnownSizes()
{
    LabelMask mask = makeMask();
    // Box: 10 x 10 voxels (5 x 5 mm) on 4 slices (8 mm): 400 voxels of 0.5 mm^3 = 0.2 mL.
    fillBox(mask, 4, 4, 2, 10, 10, 4, 1);
    // Elliptic cylinder centred on voxel (40, 40): semi-axes 16 and 6 voxels (8 and 3 mm), slices 10-12.
    int ellipseVoxels = 0;
    for (int k = 10; k <= 12; ++k) {
        for (int j = 0; j < 64; ++j) {
            for (int i = 0; i < 64; ++i) {
                const double u = (i - 40) / 16.0;
                const double v = (j - 40) / 6.0;
                if (u * u + v * v <= 1.0) {
                    mask.at(i, j, k) = 1;
                    ++ellipseVoxels;
                }
            }
        }
    }
    auto lesions = measureLesions(mask, flipped());
    QVERIFY2(lesions, lesions ? "" : lesions.error().toString().c_str());
    QCOMPARE(lesions->size(), size_t { 2 });

    const LesionMeasurement& ellipse = lesions->at(0); // the larger first
    QCOMPARE(ellipse.classId, 1);
    QCOMPARE(ellipse.voxels, std::int64_t { ellipseVoxels });
    QVERIFY(std::abs(ellipse.volumeMl - ellipseVoxels * kSx * kSy * kSz / 1000.0) < 1e-12);
    // pi * 8 mm * 3 mm * 6 mm = 452 mm^3 for the continuous shape.
    QVERIFY2(std::abs(ellipse.volumeMl - 0.452) < 0.03, qPrintable(QString::number(ellipse.volumeMl)));
    QCOMPARE(ellipse.firstSlice, 10);
    QCOMPARE(ellipse.lastSlice, 12);
    // Centroid: voxel (40, 40, 11), the first two axes pointing to -L and -P.
    QVERIFY(std::abs(ellipse.centroidLps[0] - (100.0 - 40 * kSx)) < 1e-9);
    QVERIFY(std::abs(ellipse.centroidLps[1] - (50.0 - 40 * kSy)) < 1e-9);
    QVERIFY(std::abs(ellipse.centroidLps[2] - (-20.0 + 11 * kSz)) < 1e-9);
    // Diameters edge to edge: 2 * 8 mm + one voxel, 2 * 3 mm + one voxel.
    QVERIFY2(std::abs(ellipse.longestDiameterMm - 16.5) < 0.3, qPrintable(QString::number(ellipse.longestDiameterMm)));
    QVERIFY2(std::abs(ellipse.perpendicularDiameterMm - 6.5) < 0.3,
        qPrintable(QString::number(ellipse.perpendicularDiameterMm)));

    const LesionMeasurement& box = lesions->at(1);
    QCOMPARE(box.voxels, std::int64_t { 400 });
    QVERIFY(std::abs(box.volumeMl - 0.2) < 1e-12);
    QCOMPARE(box.firstSlice, 2);
    QCOMPARE(box.lastSlice, 5);
    QVERIFY(std::abs(box.centroidLps[0] - (100.0 - 8.5 * kSx)) < 1e-9);
    QVERIFY(std::abs(box.centroidLps[1] - (50.0 - 8.5 * kSy)) < 1e-9);
    QVERIFY(std::abs(box.centroidLps[2] - (-20.0 + 3.5 * kSz)) < 1e-9);
    // A 5 x 5 mm square: its diagonals, 5 * sqrt(2) mm.
    QVERIFY2(std::abs(box.longestDiameterMm - 5.0 * std::sqrt(2.0)) < 0.05,
        qPrintable(QString::number(box.longestDiameterMm)));
    QVERIFY2(std::abs(box.perpendicularDiameterMm - 5.0 * std::sqrt(2.0)) < 0.5,
        qPrintable(QString::number(box.perpendicularDiameterMm)));

    const std::array<double, 4> volumes = classVolumesMl(mask);
    QVERIFY(std::abs(volumes[1] - (400 + ellipseVoxels) * kSx * kSy * kSz / 1000.0) < 1e-12);
    QCOMPARE(volumes[2], 0.0);
}

void TestLesionMeasurements::diagonalNeighboursAreOneLesion()
{
    LabelMask mask = makeMask();
    fillBox(mask, 10, 10, 3, 3, 3, 1, 1);
    fillBox(mask, 13, 13, 4, 3, 3, 1, 1); // touches the first only at a corner, on the next slice
    fillBox(mask, 30, 30, 3, 2, 2, 1, 1); // apart
    auto lesions = measureLesions(mask);
    QVERIFY(lesions);
    QCOMPARE(lesions->size(), size_t { 2 });
    QCOMPARE(lesions->at(0).voxels, std::int64_t { 18 });
    QCOMPARE(lesions->at(0).firstSlice, 3);
    QCOMPARE(lesions->at(0).lastSlice, 4);
    QCOMPARE(lesions->at(1).voxels, std::int64_t { 4 });
}

void TestLesionMeasurements::classesAreSeparateLesions()
{
    LabelMask mask = makeMask();
    fillBox(mask, 10, 10, 3, 4, 4, 2, 1);
    fillBox(mask, 14, 10, 3, 2, 4, 2, 2); // meningioma, touching the glioma
    auto lesions = measureLesions(mask);
    QVERIFY(lesions);
    QCOMPARE(lesions->size(), size_t { 2 });
    QCOMPARE(lesions->at(0).classId, 1);
    QCOMPARE(lesions->at(0).voxels, std::int64_t { 32 });
    QCOMPARE(lesions->at(1).classId, 2);
    QCOMPARE(lesions->at(1).voxels, std::int64_t { 16 });
    // 1 x 2 mm in plane: the longest diameter is the diagonal, sqrt(1 + 4) mm.
    QVERIFY(std::abs(lesions->at(1).longestDiameterMm - std::sqrt(5.0)) < 0.05);
}

void TestLesionMeasurements::emptyMaskHasNoLesion()
{
    auto lesions = measureLesions(makeMask());
    QVERIFY(lesions);
    QVERIFY(lesions->empty());
}

void TestLesionMeasurements::refusesInvalidMasks()
{
    LabelMask broken = makeMask();
    broken.labels.pop_back();
    QCOMPARE(measureLesions(broken).error().code, ErrorCode::InvalidArgument);
    LabelMask flat = makeMask();
    flat.spacing[2] = 0.0;
    QCOMPARE(measureLesions(flat).error().code, ErrorCode::InvalidArgument);
}

QTEST_APPLESS_MAIN(TestLesionMeasurements)
#include "tst_lesion_measurements.moc"
