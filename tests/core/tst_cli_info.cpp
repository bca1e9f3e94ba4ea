// `dinolens-cli info` as a user runs it: JSON on stdout for readable input, a message and a non-zero exit code
// for unreadable input.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest/QtTest>

#include "test_data.h"

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(
    const QStringList& arguments, const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(qEnvironmentVariable("DINOLENS_CLI"), arguments);
    process.waitForFinished(120000);
    return { process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError() };
}

} // namespace

class TestCliInfo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("DINOLENS_CLI").isEmpty()) {
            QSKIP("DINOLENS_CLI (path of the built dinolens-cli) is not set; run through ctest");
        }
    }

    void seriesFolderAsJson()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        const auto run
            = runCli({ "info", QString::fromStdString(dinolens::test::dataPath("dicom/series-dwi-sag48").string()) });
        QCOMPARE(run.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(run.out).object();
        const QJsonArray studies = root["studies"].toArray();
        QCOMPARE(studies.size(), 1);
        const QJsonObject series = studies[0].toObject()["series"].toArray()[0].toObject();
        QCOMPARE(series["instances"].toInt(), 48);
        QCOMPARE(series["modality"].toString(), QStringLiteral("MR"));
        const QJsonObject volume = series["volume"].toObject();
        QCOMPARE(volume["dimensions"].toArray(), (QJsonArray { 82, 82, 48 }));
        QCOMPARE(volume["orientation"].toString().size(), 3);
        QCOMPARE(series["transfer_syntaxes"].toArray()[0].toObject()["uid"].toString(),
            QStringLiteral("1.2.840.10008.1.2.1"));
    }

    // OpenCV's image codecs load some 140 libraries: `info` on DICOM must start without them, and load them (from
    // their own module) only when a picture is read.
    void imageCodecsLoadOnlyForPictures()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        DINOLENS_REQUIRE_DATA("brain-tumor/valid/images");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("files"));
        const QDir series(QString::fromStdString(dinolens::test::dataPath("dicom/series-dwi-sag48").string()));
        const auto dicom
            = runCli({ "info", series.filePath(series.entryList({ "*.dcm" }, QDir::Files).first()) }, environment);
        QCOMPARE(dicom.exitCode, 0);
        QVERIFY2(dicom.err.contains("libdcmdata"), "LD_DEBUG=files lists every library the program loads");
        QVERIFY2(!dicom.err.contains("libopencv_imgcodecs"), "info on DICOM loaded OpenCV's image codecs");
        QVERIFY(!dicom.err.contains("libdinolens_image_codecs"));

        const QDir pictures(QString::fromStdString(dinolens::test::dataPath("brain-tumor/valid/images").string()));
        const auto picture
            = runCli({ "info", pictures.filePath(pictures.entryList({ "*.jpg" }, QDir::Files).first()) }, environment);
        QCOMPARE(picture.exitCode, 0);
        QVERIFY(picture.err.contains("libdinolens_image_codecs.so"));
        QVERIFY(picture.err.contains("libopencv_imgcodecs"));
        const QJsonObject volume = QJsonDocument::fromJson(picture.out)
                                       .object()["studies"]
                                       .toArray()[0]
                                       .toObject()["series"]
                                       .toArray()[0]
                                       .toObject()["volume"]
                                       .toObject();
        QCOMPARE(volume["dimensions"].toArray(), (QJsonArray { 640, 640, 1 }));
    }

    void jpeg2000FileNamesItsTransferSyntax()
    {
        DINOLENS_REQUIRE_DATA("dicom/transfer-syntaxes");
        const auto run = runCli(
            { "info", QString::fromStdString(dinolens::test::dataPath("dicom/transfer-syntaxes/9.dcm").string()) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("JPEG 2000"));
    }

    void unreadableInputFails_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("missing") << QStringLiteral("/nonexistent/study");
        QTest::newRow("truncated") << QString::fromStdString(
            dinolens::test::dataPath("dicom/edge-pydicom/MR_truncated.dcm").string());
    }
    void unreadableInputFails()
    {
        QFETCH(QString, path);
        const auto run = runCli({ "info", path });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QFileInfo(path).fileName().toUtf8()), run.err.constData());
    }

    void usageErrorExitsTwo()
    {
        const auto run = runCli({ "info" });
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliInfo)
#include "tst_cli_info.moc"
