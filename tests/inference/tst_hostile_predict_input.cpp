// The model paths read DICOM through core's DCMTK reader, whatever the file is called: loadRgbImage gives the
// DICOM's windowed slice (OpenCV, which would hand DICOM to GDCM and abort, never sees it), and `dinolens-cli
// predict` segments a .dcm file and a DICOM named .png and writes its outputs.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "crafted_dicom.h"
#include "dinolens/inference/preprocess.h"
#include "test_data.h"

namespace fs = std::filesystem;

namespace {

// A 64 x 64 MR slice: a ramp from left to right, with a bright disc in the middle.
fs::path writeSlice(const QTemporaryDir& dir, const char* name)
{
    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    dinolens::test::fillMrHeader(ds, 64, 64);
    std::vector<Uint16> pixels(64 * 64);
    for (int y = 0; y < 64; ++y) {
        for (int x = 0; x < 64; ++x) {
            const bool inside = (x - 32) * (x - 32) + (y - 32) * (y - 32) < 200;
            pixels[static_cast<std::size_t>(y * 64 + x)] = static_cast<Uint16>(100 + 10 * x + (inside ? 400 : 0));
        }
    }
    ds.putAndInsertUint16Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
    const fs::path path = dir.filePath(name).toStdString();
    if (!dinolens::test::saveDicom(file, path)) {
        qFatal("cannot write %s", name);
    }
    return path;
}

} // namespace

class TestHostilePredictInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dicomReachesTheModelThroughDcmtk_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("scan.dcm") << "scan.dcm";
        QTest::newRow("DICOM named .png") << "scan.png";
        QTest::newRow("no extension") << "IM0001";
    }
    void dicomReachesTheModelThroughDcmtk()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const fs::path path = writeSlice(dir, qPrintable(name));
        auto image = dinolens::inference::loadRgbImage(path);
        QCOMPARE(image->width, std::int64_t { 64 });
        QCOMPARE(image->height, std::int64_t { 64 });
        const auto at
            = [&](int x, int y, int c) { return image->pixels[static_cast<std::size_t>((y * 64 + x) * 3 + c)]; };
        QVERIFY2(at(60, 2, 0) > at(4, 2, 0),
            qPrintable(QStringLiteral("right %1, left %2").arg(at(60, 2, 0)).arg(at(4, 2, 0)))); // the ramp rises
        QCOMPARE(at(32, 32, 0), at(32, 32, 2)); // grey in every channel
    }

    void predictSegmentsDicom_data() { dicomReachesTheModelThroughDcmtk_data(); }
    void predictSegmentsDicom()
    {
        QString cli;
        DINOLENS_REQUIRE_CLI(cli);
        QFETCH(QString, name);
        QTemporaryDir dir;
        const fs::path path = writeSlice(dir, qPrintable(name));
        QProcess process;
        process.start(cli,
            { "predict", "--model", "demo", "--threads", "1", "--out", dir.filePath("out"),
                QString::fromStdString(path.string()) });
        QVERIFY(process.waitForFinished(180000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // no GDCM assertion
        const QByteArray errors = process.readAllStandardError();
        QVERIFY2(process.exitCode() == 0, errors.constData());
        const QJsonObject line = QJsonDocument::fromJson(process.readAllStandardOutput().trimmed()).object();
        for (const char* key : { "mask", "nifti", "overlay" }) {
            QVERIFY2(QFileInfo::exists(line[key].toString()), key);
        }
    }
};

QTEST_GUILESS_MAIN(TestHostilePredictInput)
#include "tst_hostile_predict_input.moc"
