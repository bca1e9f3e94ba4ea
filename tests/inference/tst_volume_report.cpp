// The files of a segmented volume (inference/volume_segmentation.h writeVolumeReport) on the real 48-slice DICOM
// series with a known mask: the DICOM SEG reads back with each frame referencing the source instance of its slice
// and holding that slice's mask, and the summary and lesion table describe the mask's lesions.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/inference/volume_segmentation.h"
#include "test_data.h"

using namespace dinolens;

class TestVolumeReport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dicomSeriesGetsASegReferencingItsInstances()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto volume = core::loadVolume(test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY2(volume, volume ? "" : volume.error().toString().c_str());
        inference::VolumeSegmentation segmentation;
        segmentation.mask = core::LabelMask::zeros(volume->dims[0], volume->dims[1], volume->dims[2]);
        segmentation.mask.spacing = volume->spacing;
        // Two lesions: a glioma box on slices 10-13 and a meningioma box on slices 30-31.
        for (int k = 10; k <= 13; ++k) {
            for (int j = 20; j < 30; ++j) {
                for (int i = 20; i < 32; ++i) {
                    segmentation.mask.at(i, j, k) = 1;
                }
            }
        }
        for (int k = 30; k <= 31; ++k) {
            for (int j = 50; j < 54; ++j) {
                for (int i = 50; i < 54; ++i) {
                    segmentation.mask.at(i, j, k) = 2;
                }
            }
        }
        segmentation.tumorPresent = true;
        segmentation.tumorProbability = 0.9f;
        const std::filesystem::path out = dir.path().toStdString();
        auto report = inference::writeVolumeReport(out / "case", *volume, segmentation, { "series", "demo" });
        QVERIFY2(report, report ? "" : report.error().toString().c_str());
        QCOMPARE(report->lesions.size(), size_t { 2 });
        QCOMPARE(report->lesions[0].voxels, std::int64_t { 480 });
        QCOMPARE(report->lesions[1].classId, 2);

        auto seg = core::readDicomSeg(out / "case" / "segmentation.dcm");
        QVERIFY2(seg, seg ? "" : seg.error().toString().c_str());
        QCOMPARE(seg->segments.size(), size_t { 2 });
        QCOMPARE(seg->frames.size(), size_t { 6 }); // one per (segment, slice holding it)
        QVERIFY(!seg->frameOfReferenceUid.empty());
        QCOMPARE(seg->rows, volume->dims[1]);
        QCOMPARE(seg->columns, volume->dims[0]);
        const size_t plane = volume->sliceVoxelCount();
        for (const core::DicomSegFrame& frame : seg->frames) {
            // The slice of the frame, from its position.
            int slice = -1;
            double nearest = 1e9;
            for (int k = 0; k < volume->dims[2]; ++k) {
                const core::Vec3 p = volume->voxelToLps(0, 0, k);
                const double d
                    = std::hypot(p[0] - frame.position[0], p[1] - frame.position[1], p[2] - frame.position[2]);
                if (d < nearest) {
                    nearest = d;
                    slice = k;
                }
            }
            QVERIFY(nearest < 1e-2);
            QCOMPARE(frame.sourceSopInstanceUid, volume->slices[static_cast<size_t>(slice)].sopInstanceUid);
            const auto segment = std::find_if(seg->segments.begin(), seg->segments.end(),
                [&](const core::DicomSegSegment& s) { return s.number == frame.segmentNumber; });
            QVERIFY(segment != seg->segments.end());
            for (size_t i = 0; i < plane; ++i) {
                const bool inMask
                    = segmentation.mask.labels[plane * static_cast<size_t>(slice) + i] == segment->classId;
                QCOMPARE(frame.pixels[i] != 0, inMask);
            }
        }
        // The mask round-trips through the SEG.
        auto back = core::dicomSegToMask(*seg, *volume);
        QVERIFY(back);
        QVERIFY(back->labels == segmentation.mask.labels);

        QFile summaryFile(QString::fromStdString((out / "case" / "summary.json").string()));
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
        QCOMPARE(summary.value(QStringLiteral("tumour_present")).toBool(), true);
        QCOMPARE(summary.value(QStringLiteral("lesions")).toArray().size(), 2);
        const double voxelMl = volume->spacing[0] * volume->spacing[1] * volume->spacing[2] / 1000.0;
        QVERIFY(
            std::abs(summary.value(QStringLiteral("volumes_ml")).toObject().value(QStringLiteral("glioma")).toDouble()
                - 480 * voxelMl)
            < 1e-9);
        QVERIFY(std::abs(summary.value(QStringLiteral("total_ml")).toDouble() - 512 * voxelMl) < 1e-9);
        QVERIFY(QFileInfo::exists(QString::fromStdString((out / "case" / "overlay.png").string())));
    }

    void noTumourMeansNoSeg()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        QTemporaryDir dir;
        auto volume = core::loadVolume(test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY(volume);
        inference::VolumeSegmentation segmentation;
        segmentation.mask = core::LabelMask::zeros(volume->dims[0], volume->dims[1], volume->dims[2]);
        segmentation.mask.spacing = volume->spacing;
        const std::filesystem::path out = dir.path().toStdString();
        auto report = inference::writeVolumeReport(out, *volume, segmentation, { "series", "demo" });
        QVERIFY2(report, report ? "" : report.error().toString().c_str());
        QVERIFY(report->lesions.empty());
        QVERIFY(!std::filesystem::exists(out / "segmentation.dcm"));
        QVERIFY(std::filesystem::exists(out / "mask.nii.gz"));
        QVERIFY(std::filesystem::exists(out / "overlay.png"));
    }

    void maskOfAnotherShapeIsRefused()
    {
        core::Volume volume;
        volume.dims = { 8, 8, 2 };
        volume.pixelType = core::PixelType::Float32;
        volume.voxels.resize(8 * 8 * 2 * 4);
        inference::VolumeSegmentation segmentation;
        segmentation.mask = core::LabelMask::zeros(8, 8, 3);
        QTemporaryDir dir;
        auto report = inference::writeVolumeReport(dir.path().toStdString(), volume, segmentation, { "x", "demo" });
        QVERIFY(!report);
        QCOMPARE(report.error().code, core::ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestVolumeReport)
#include "tst_volume_report.moc"
