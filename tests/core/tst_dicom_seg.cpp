// DICOM SEG of a real series (series-dwi-sag48) with a synthetic three-class mask: written, read back, and
// compared voxel for voxel and in geometry; bad inputs give errors and leave no file behind.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <unistd.h>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;

class TestDicomSeg : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTripKeepsVoxelsAndGeometry();
    void refusesBadInput_data();
    void refusesBadInput();
    void unwritableFolderLeavesNothing();

private:
    LabelMask syntheticMask() const;
    Volume m_volume;
    QTemporaryDir m_folder;
};

void TestDicomSeg::initTestCase()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    auto volume = loadVolume(dinolens::test::dataPath("dicom/series-dwi-sag48"));
    QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
    m_volume = std::move(*volume);
    QCOMPARE(m_volume.dims[2], 48);
}

LabelMask TestDicomSeg::syntheticMask() const
{
    // A glioma block over slices 10-19, a meningioma disc on slices 20-22, a pituitary pixel on slice 30.
    LabelMask mask = LabelMask::zeros(m_volume.dims[0], m_volume.dims[1], m_volume.dims[2]);
    for (int k = 10; k < 20; ++k) {
        for (int j = 20; j < 40; ++j) {
            for (int i = 30; i < 50; ++i) {
                mask.at(i, j, k) = 1;
            }
        }
    }
    for (int k = 20; k < 23; ++k) {
        for (int j = 0; j < m_volume.dims[1]; ++j) {
            for (int i = 0; i < m_volume.dims[0]; ++i) {
                if ((i - 60) * (i - 60) + (j - 60) * (j - 60) < 64) {
                    mask.at(i, j, k) = 2;
                }
            }
        }
    }
    mask.at(5, 7, 30) = 3;
    return mask;
}

void TestDicomSeg::roundTripKeepsVoxelsAndGeometry()
{
    const LabelMask mask = syntheticMask();
    const std::filesystem::path path = std::filesystem::path(m_folder.path().toStdString()) / "tumour.seg.dcm";
    const Status written = writeDicomSeg(path, mask, m_volume);
    QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
    QVERIFY(!std::filesystem::exists(path.string() + ".partial"));

    auto read = readDicomSeg(path);
    QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
    QCOMPARE(read->rows, m_volume.dims[1]);
    QCOMPARE(read->columns, m_volume.dims[0]);
    QCOMPARE(read->segments.size(), std::size_t { 3 });
    QCOMPARE(read->segments[0].label, std::string("Glioma"));
    QCOMPARE(read->segments[0].classId, 1);
    QCOMPARE(read->segments[1].classId, 2);
    QCOMPARE(read->segments[2].classId, 3);
    QCOMPARE(read->segments[0].typeCode, std::string("SCT:108369006 Neoplasm"));
    QCOMPARE(read->frames.size(), std::size_t { 10 + 3 + 1 });
    // Decimal strings keep about ten significant digits.
    QVERIFY(std::abs(read->pixelSpacing[0] - m_volume.spacing[1]) < 1e-6);
    QVERIFY(std::abs(read->pixelSpacing[1] - m_volume.spacing[0]) < 1e-6);
    const Mat3& d = m_volume.direction;
    QVERIFY(std::abs(read->orientation[0] - d[0]) < 1e-6 && std::abs(read->orientation[4] - d[4]) < 1e-6);
    // Every frame names its source slice and lies where that slice lies.
    for (const DicomSegFrame& frame : read->frames) {
        const auto slice = std::find_if(m_volume.slices.begin(), m_volume.slices.end(),
            [&](const SliceInfo& s) { return s.sopInstanceUid == frame.sourceSopInstanceUid; });
        QVERIFY2(slice != m_volume.slices.end(), frame.sourceSopInstanceUid.c_str());
        const Vec3 expected = m_volume.voxelToLps(0, 0, static_cast<double>(slice - m_volume.slices.begin()));
        for (int axis = 0; axis < 3; ++axis) {
            QVERIFY(std::abs(frame.position[axis] - expected[axis]) < 1e-3);
        }
    }
    QCOMPARE(read->referencedSeriesUids.size(), std::size_t { 1 });
    QVERIFY(!read->seriesInstanceUid.empty());

    auto back = dicomSegToMask(*read, m_volume);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().toString().c_str());
    QCOMPARE(back->dims, mask.dims);
    QVERIFY(back->labels == mask.labels);
}

void TestDicomSeg::refusesBadInput_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("depth");
    QTest::addColumn<bool>("empty");
    QTest::newRow("size mismatch") << 64 << 48 << false;
    QTest::newRow("slice mismatch") << -1 << 47 << false;
    QTest::newRow("no tumour voxels") << -1 << 48 << true;
}

void TestDicomSeg::refusesBadInput()
{
    QFETCH(int, width);
    QFETCH(int, depth);
    QFETCH(bool, empty);
    LabelMask mask = LabelMask::zeros(width > 0 ? width : m_volume.dims[0], m_volume.dims[1], depth);
    if (!empty) {
        mask.at(1, 1, 1) = 1;
    }
    const std::filesystem::path path = std::filesystem::path(m_folder.path().toStdString()) / "bad.dcm";
    const Status written = writeDicomSeg(path, mask, m_volume);
    QVERIFY(!written.ok());
    QCOMPARE(written.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!written.error().message.empty());
    QVERIFY(!std::filesystem::exists(path));
    QVERIFY(!std::filesystem::exists(path.string() + ".partial"));
}

void TestDicomSeg::unwritableFolderLeavesNothing()
{
    const LabelMask mask = syntheticMask();
    const Status missing = writeDicomSeg("/nonexistent-folder/tumour.dcm", mask, m_volume);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::Unwritable);

    // A folder that exists but refuses new files: read-only for a normal user, /proc for root.
    std::filesystem::path locked = std::filesystem::path(m_folder.path().toStdString()) / "locked";
    std::filesystem::create_directory(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    const bool root = ::access(locked.c_str(), W_OK) == 0;
    const Status denied
        = writeDicomSeg((root ? std::filesystem::path("/proc") : locked) / "tumour.dcm", mask, m_volume);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
    QVERIFY(!denied.ok());
    QCOMPARE(denied.error().code, ErrorCode::Unwritable);
    QVERIFY(std::filesystem::is_empty(locked));
    QVERIFY(!std::filesystem::exists("/proc/tumour.dcm.partial"));
}

QTEST_GUILESS_MAIN(TestDicomSeg)
#include "tst_dicom_seg.moc"
