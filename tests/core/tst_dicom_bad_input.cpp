// Every real edge-case DICOM file either loads or fails with an error naming the file and the reason; truncated
// copies of good files never crash.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

void writeTruncatedCopy(const std::filesystem::path& source, const std::filesystem::path& target, double fraction)
{
    std::ifstream in(source, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(static_cast<std::size_t>(static_cast<double>(bytes.size()) * fraction));
    std::ofstream(target, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

class TestDicomBadInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyEdgeFileLoadsOrExplains_data()
    {
        QTest::addColumn<QString>("path");
        for (const char* folder :
            { "dicom/edge-pydicom", "dicom/edge-nibabel", "dicom/twelve-bit", "dicom/transfer-syntaxes" }) {
            const auto dir = dinolens::test::dataPath(folder);
            if (!std::filesystem::exists(dir)) {
                continue;
            }
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                const std::string name = std::string(folder) + "/" + entry.path().filename().string();
                QTest::newRow(name.c_str()) << QString::fromStdString(entry.path().string());
            }
        }
    }
    void everyEdgeFileLoadsOrExplains()
    {
        DINOLENS_REQUIRE_DATA("dicom/edge-pydicom");
        QFETCH(QString, path);
        auto volume = loadVolume(path.toStdString());
        if (volume) {
            QVERIFY(volume->voxelCount() > 0);
            QCOMPARE(volume->voxels.size(), volume->voxelCount() * bytesPerVoxel(volume->pixelType));
            return;
        }
        const Error& e = volume.error();
        QVERIFY(!e.message.empty());
        const std::string name = std::filesystem::path(path.toStdString()).filename().string();
        QVERIFY2(e.context.find(name) != std::string::npos, e.toString().c_str());
    }

    void knownDefectsGetTheRightCode_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("code");
        QTest::newRow("truncated pixel data") << "MR_truncated.dcm" << static_cast<int>(ErrorCode::Truncated);
        QTest::newRow("structured report")
            << "reportsi_with_empty_number_tags.dcm" << static_cast<int>(ErrorCode::UnsupportedFormat);
        QTest::newRow("gzip-wrapped") << "zipMR.gz" << static_cast<int>(ErrorCode::InvalidFormat);
    }
    void knownDefectsGetTheRightCode()
    {
        DINOLENS_REQUIRE_DATA("dicom/edge-pydicom");
        QFETCH(QString, file);
        QFETCH(int, code);
        auto volume = loadVolume(dinolens::test::dataPath("dicom/edge-pydicom/" + file.toStdString()));
        QVERIFY(!volume.ok());
        QCOMPARE(static_cast<int>(volume.error().code), code);
    }

    void truncatedCopiesFailCleanly_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("fraction");
        for (const char* f : { "1.dcm", "4.dcm", "5.dcm", "7.dcm", "9.dcm" }) {
            for (double fraction : { 0.05, 0.5, 0.99 }) {
                QTest::newRow(qPrintable(QStringLiteral("%1 at %2").arg(f).arg(fraction))) << f << fraction;
            }
        }
    }
    void truncatedCopiesFailCleanly()
    {
        DINOLENS_REQUIRE_DATA("dicom/transfer-syntaxes");
        QFETCH(QString, file);
        QFETCH(double, fraction);
        QTemporaryDir dir;
        const std::filesystem::path target = dir.filePath("cut.dcm").toStdString();
        writeTruncatedCopy(dinolens::test::dataPath("dicom/transfer-syntaxes/" + file.toStdString()), target, fraction);
        auto volume = loadVolume(target);
        QVERIFY2(!volume.ok(), "a truncated file must not load as if it were complete");
        QVERIFY(volume.error().context.find("cut.dcm") != std::string::npos);
    }

    void missingPathIsNotFound()
    {
        auto scan = scanPath("/nonexistent/dinolens/study");
        QVERIFY(!scan.ok());
        QCOMPARE(scan.error().code, ErrorCode::NotFound);
    }

    void emptyFolderHasNoStudies()
    {
        QTemporaryDir dir;
        auto scan = scanPath(dir.path().toStdString());
        QVERIFY(scan.ok());
        QVERIFY(scan->studies.empty());
        auto volume = loadVolume(dir.path().toStdString());
        QVERIFY(!volume.ok());
        QCOMPARE(volume.error().code, ErrorCode::NotFound);
    }

    // A folder that is filling up (a PACS retrieve) holds writers' hidden temporaries, half-written, and markers:
    // they are not part of the study and are neither scanned nor reported as skipped.
    void hiddenFilesAreNotScanned()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        QTemporaryDir dir;
        const std::filesystem::path folder = dir.path().toStdString();
        const std::filesystem::path source = dinolens::test::dataPath("dicom/series-dwi-sag48");
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(source)) {
            if (entry.path().extension() == ".dcm") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        QVERIFY(files.size() >= 2);
        std::filesystem::copy_file(files[0], folder / "whole.dcm");
        writeTruncatedCopy(files[1], folder / ".partial-AbC123-next.dcm", 0.5);
        std::ofstream(folder / ".last-used").close();
        auto scan = scanPath(folder);
        QVERIFY(scan.ok());
        QCOMPARE(scan->studies.size(), std::size_t { 1 });
        QCOMPARE(scan->studies.front().series.front().instances.size(), std::size_t { 1 });
        QVERIFY(scan->skipped.empty());
    }
};

QTEST_GUILESS_MAIN(TestDicomBadInput)
#include "tst_dicom_bad_input.moc"
