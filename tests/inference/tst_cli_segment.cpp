// `dinolens-cli segment` as a user runs it with the shipped demo model: a NIfTI volume and a DICOM series give a
// mask in the input's geometry, summary.json, lesions.csv and overlay.png; several inputs get a sub-folder each, and
// an input that fails is named and does not stop the others (exit code 1); a healthy 1 mm brain, fused over three
// planes, holds no tumour.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens;

class TestCliSegment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_CLI(m_cli);
        QVERIFY(m_dir.isValid());
    }

    void niftiVolume()
    {
        DINOLENS_REQUIRE_DATA(kNifti);
        const QString out = m_dir.filePath(QStringLiteral("nifti"));
        const std::filesystem::path input = test::dataPath(kNifti);
        QCOMPARE(segment({ QString::fromStdString(input.string()) }, out), 0);
        QVERIFY2(m_stdout.contains(QStringLiteral("24 slices")), qPrintable(m_stdout));
        const QJsonObject summary = checkVolumeOutputs(out, input);
        // 24 thick slices: segmented in the acquired plane only.
        QCOMPARE(summary.value(QStringLiteral("planes")).toString(), QStringLiteral("acquired"));
        QVERIFY2(!QFileInfo::exists(out + QStringLiteral("/segmentation.dcm")), "no SEG for a NIfTI input");
    }

    void healthyIsotropicBrainHasNoTumour()
    {
        // A healthy adult T1 brain at 1 mm: the acquired plane alone shows false alarms that the reformatted planes
        // do not confirm; fusing the three planes gives the answer a radiologist expects.
        const std::filesystem::path healthy = "/usr/share/mricron/templates/ch2.nii.gz";
        if (!std::filesystem::exists(healthy)) {
            QSKIP("mricron-data is not installed (packaging/install-deps.sh installs it)");
        }
        const QString out = m_dir.filePath(QStringLiteral("healthy"));
        QCOMPARE(segment({ QString::fromStdString(healthy.string()) }, out), 0);
        QVERIFY2(m_stdout.contains(QStringLiteral("no tumour found")), qPrintable(m_stdout));
        const QJsonObject summary = checkVolumeOutputs(out, healthy);
        QCOMPARE(summary.value(QStringLiteral("planes")).toString(), QStringLiteral("three"));
        QCOMPARE(summary.value(QStringLiteral("tumour_present")).toBool(), false);
        QCOMPARE(summary.value(QStringLiteral("total_ml")).toDouble(), 0.0);
        QVERIFY(summary.value(QStringLiteral("lesions")).toArray().isEmpty());
    }

    void dicomSeries()
    {
        DINOLENS_REQUIRE_DATA(kDicom);
        const QString out = m_dir.filePath(QStringLiteral("dicom"));
        const std::filesystem::path input = test::dataPath(kDicom);
        QCOMPARE(segment({ QString::fromStdString(input.string()) }, out), 0);
        const QJsonObject summary = checkVolumeOutputs(out, input);
        auto volume = core::loadVolume(input);
        QVERIFY(volume);
        const QString seg = out + QStringLiteral("/segmentation.dcm");
        if (summary.value(QStringLiteral("total_ml")).toDouble() == 0.0) {
            QVERIFY2(!QFileInfo::exists(seg), "a SEG is written only when a tumour is found");
            return;
        }
        auto read = core::readDicomSeg(seg.toStdString());
        QVERIFY2(read, read ? "" : read.error().toString().c_str());
        QVERIFY(!read->frames.empty());
        for (const core::DicomSegFrame& frame : read->frames) {
            const bool known = std::any_of(volume->slices.begin(), volume->slices.end(),
                [&](const core::SliceInfo& s) { return s.sopInstanceUid == frame.sourceSopInstanceUid; });
            QVERIFY2(known, frame.sourceSopInstanceUid.c_str());
        }
    }

    void severalInputsAndOneThatFails()
    {
        DINOLENS_REQUIRE_DATA(kNifti);
        const QString out = m_dir.filePath(QStringLiteral("several"));
        const QString missing = m_dir.filePath(QStringLiteral("no-such-scan.nii.gz"));
        const QString input = QString::fromStdString(test::dataPath(kNifti).string());
        QCOMPARE(segment({ missing, input }, out), 1);
        QVERIFY2(m_stderr.contains(missing), qPrintable(m_stderr));
        QVERIFY2(QFileInfo::exists(out + QStringLiteral("/Pre_Scan_T1/summary.json")), qPrintable(m_stdout));
        QVERIFY(!QFileInfo::exists(out + QStringLiteral("/no-such-scan")));
    }

    void threePlanesOnAnImageStaysAcquired()
    {
        // A 2-D image has no reformatted planes: asked for three, it is segmented as it is, and says so.
        DINOLENS_REQUIRE_DATA(kImage);
        const QString out = m_dir.filePath(QStringLiteral("image"));
        const QString input = QString::fromStdString(test::dataPath(kImage).string());
        QCOMPARE(segment({ input, QStringLiteral("--planes"), QStringLiteral("three") }, out), 0);
        QFile file(out + QStringLiteral("/summary.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject summary = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(summary.value(QStringLiteral("planes")).toString(), QStringLiteral("acquired"));
        QCOMPARE(summary.value(QStringLiteral("slices")).toInt(), 1);
    }

    void unknownPlanesIsAUsageError()
    {
        QCOMPARE(segment({ QStringLiteral("x.nii.gz"), QStringLiteral("--planes"), QStringLiteral("oblique") },
                     m_dir.filePath(QStringLiteral("planes"))),
            2);
        QVERIFY2(m_stderr.contains(QStringLiteral("--planes")), qPrintable(m_stderr));
    }

    void badBatchIsAUsageError()
    {
        QCOMPARE(segment({ QStringLiteral("x.nii.gz"), QStringLiteral("--batch"), QStringLiteral("0") },
                     m_dir.filePath(QStringLiteral("batch"))),
            2);
    }

private:
    static constexpr const char* kNifti = "nifti/brain-tumor-progression/01/Pre_Scan_T1.nii.gz";
    static constexpr const char* kDicom = "dicom/series-dwi-sag48";
    static constexpr const char* kImage = "brain-tumor/valid/images/1000_jpg.rf.1b33b0fbb604a406f23217a48f37b5c9.jpg";

    int segment(const QStringList& inputs, const QString& out)
    {
        QStringList arguments = { QStringLiteral("segment"), QStringLiteral("--model"), QStringLiteral("demo"),
            QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"), out };
        arguments += inputs;
        QProcess process;
        process.start(m_cli, arguments);
        if (!process.waitForFinished(300000)) {
            return -1;
        }
        m_stdout = QString::fromUtf8(process.readAllStandardOutput());
        m_stderr = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    }

    // The files of one segmented volume; returns summary.json.
    QJsonObject checkVolumeOutputs(const QString& out, const std::filesystem::path& input)
    {
        for (const char* name : { "mask.nii.gz", "summary.json", "lesions.csv", "overlay.png" }) {
            if (!QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(name))) {
                QTest::qFail(qPrintable(QStringLiteral("%1 missing; %2").arg(QLatin1String(name), m_stderr)), __FILE__,
                    __LINE__);
                return {};
            }
        }
        auto source = core::loadVolume(input);
        auto mask = core::loadVolume(out.toStdString() + "/mask.nii.gz");
        [&] {
            QVERIFY(source && mask);
            // The mask is in the input's geometry.
            QCOMPARE(mask->dims, source->dims);
            for (size_t a = 0; a < 3; ++a) {
                QVERIFY(std::abs(mask->spacing[a] - source->spacing[a]) < 1e-4);
                QVERIFY(std::abs(mask->origin[a] - source->origin[a]) < 1e-3);
            }
            for (size_t a = 0; a < 9; ++a) {
                QVERIFY(std::abs(mask->direction[a] - source->direction[a]) < 1e-4);
            }
        }();
        QFile file(out + QStringLiteral("/summary.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            return {};
        }
        const QJsonObject summary = QJsonDocument::fromJson(file.readAll()).object();
        for (const char* key : { "input", "model", "tumour_present", "tumour_probability", "volumes_ml", "total_ml",
                 "slices", "lesions" }) {
            if (!summary.contains(QLatin1String(key))) {
                QTest::qFail(
                    qPrintable(QStringLiteral("summary.json lacks %1").arg(QLatin1String(key))), __FILE__, __LINE__);
            }
        }
        // Volumes agree with the mask file.
        double tumourVoxels = 0.0;
        for (int k = 0; k < mask->dims[2]; ++k) {
            for (const float v : mask->sliceValues(k)) {
                tumourVoxels += v > 0.5f ? 1.0 : 0.0;
            }
        }
        const double ml = tumourVoxels * source->spacing[0] * source->spacing[1] * source->spacing[2] / 1000.0;
        const double total = summary.value(QStringLiteral("total_ml")).toDouble();
        if (std::abs(total - ml) > 1e-6 * std::max(1.0, ml)) {
            QTest::qFail(
                qPrintable(QStringLiteral("total_ml %1 vs %2 in the mask").arg(total).arg(ml)), __FILE__, __LINE__);
        }
        if (summary.value(QStringLiteral("slices")).toInt() != source->dims[2]) {
            QTest::qFail("slices differs from the volume's", __FILE__, __LINE__);
        }
        QFile csv(out + QStringLiteral("/lesions.csv"));
        if (csv.open(QIODevice::ReadOnly)) {
            const auto lines = csv.readAll().trimmed().split('\n');
            if (lines.size() != summary.value(QStringLiteral("lesions")).toArray().size() + 1) {
                QTest::qFail("lesions.csv has not one row per lesion", __FILE__, __LINE__);
            }
        }
        return summary;
    }

    QString m_cli;
    QTemporaryDir m_dir;
    QString m_stdout;
    QString m_stderr;
};

QTEST_GUILESS_MAIN(TestCliSegment)
#include "tst_cli_segment.moc"
