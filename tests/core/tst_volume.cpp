// Volume geometry helpers and the allocation bound.
#include <QtTest/QtTest>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"

using namespace dinolens::core;

class TestVolume : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void voxelToLpsUsesSpacingAndDirection()
    {
        Volume v;
        v.dims = { 4, 4, 4 };
        v.spacing = { 0.5, 2.0, 3.0 };
        v.origin = { 10, 20, 30 };
        v.direction = { 0, 0, 1, 1, 0, 0, 0, -1, 0 }; // i -> P, j -> I, k -> L
        QCOMPARE(v.voxelToLps(2, 1, 1), (Vec3 { 13.0, 21.0, 28.0 }));
        QCOMPARE(v.orientationCode(), std::string("PIL"));
    }

    void allocationIsBounded()
    {
        Volume v;
        v.pixelType = PixelType::Float32;
        v.dims = { 100, 100, 100 };
        QVERIFY(!allocateVoxels(v, 100 * 100 * 100 * 4 - 1));
        QVERIFY(v.voxels.empty());
        QVERIFY(allocateVoxels(v, 100 * 100 * 100 * 4));
        QCOMPARE(v.voxels.size(), std::size_t { 4000000 });
        v.dims = { -1, 5, 5 };
        QVERIFY(!allocateVoxels(v, kDefaultMaxVolumeBytes));
    }

    void valuesApplyRescale()
    {
        Volume v;
        v.pixelType = PixelType::Int16;
        v.dims = { 2, 1, 1 };
        QVERIFY(allocateVoxels(v, 1024));
        v.as<std::int16_t>()[1] = -100;
        v.rescaleSlope = 0.5;
        v.rescaleIntercept = 3;
        QCOMPARE(v.value(1), -47.0);
        QCOMPARE(v.sliceValues(0), (std::vector<float> { 3.0f, -47.0f }));
    }

    void errorsReadWell()
    {
        const Error e = makeError(ErrorCode::TooLarge, "too big", "a.dcm");
        QCOMPARE(e.toString(), std::string("a.dcm: too big"));
        QCOMPARE(std::string(errorCodeName(e.code)), std::string("too_large"));
        Result<int> r = e;
        QVERIFY(!r.ok());
        Result<int> good = 3;
        QCOMPARE(*good, 3);
    }
};

QTEST_GUILESS_MAIN(TestVolume)
#include "tst_volume.moc"
