// DICOMDIR records that point outside the DICOMDIR's folder (absolute paths, "..", symbolic links leading out)
// are refused with an error that says so, and the file outside is never read; references inside still load.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "crafted_dicom.h"
#include "dinolens/core/dicom_directory_reference.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;
namespace fs = std::filesystem;

namespace {

void writeImage(const fs::path& path)
{
    fs::create_directories(path.parent_path());
    DcmFileFormat file;
    dinolens::test::fillMrHeader(*file.getDataset(), 4, 4);
    dinolens::test::putNativePixels(*file.getDataset(), 16);
    if (!dinolens::test::saveDicom(file, path)) {
        qFatal("cannot write %s", path.c_str());
    }
}

void writeDicomDir(const fs::path& path, const std::vector<std::string>& fileIds)
{
    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    ds.putAndInsertString(DCM_FileSetID, "HOSTILE");
    for (const auto& id : fileIds) {
        DcmItem* record = nullptr;
        ds.findOrCreateSequenceItem(DCM_DirectoryRecordSequence, record, -2);
        record->putAndInsertString(DCM_DirectoryRecordType, "IMAGE");
        record->putAndInsertString(DCM_ReferencedFileID, id.c_str());
    }
    file.getMetaInfo()->putAndInsertString(DCM_MediaStorageSOPClassUID, UID_MediaStorageDirectoryStorage);
    if (!dinolens::test::saveDicom(file, path)) {
        qFatal("cannot write %s", path.c_str());
    }
}

// root/media/DICOMDIR, root/media/IMAGES/IM0, root/outside/IM0 (a valid image the DICOMDIR must not reach),
// root/media/copied/im1, root/media/LINK -> root/outside, root/media/IMAGES/INLINK -> IM0.
struct Layout {
    QTemporaryDir dir;
    fs::path root { dir.path().toStdString() };
    fs::path media { root / "media" };
    fs::path outside { root / "outside" };

    Layout()
    {
        writeImage(media / "IMAGES" / "IM0");
        writeImage(outside / "IM0");
        writeImage(media / "copied" / "im1"); // media copied with lower-cased names
        fs::create_directory_symlink(outside, media / "LINK");
        fs::create_symlink("IM0", media / "IMAGES" / "INLINK");
    }
};

} // namespace

class TestHostileDicomDir : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapingReferenceIsRefused_data()
    {
        QTest::addColumn<QString>("fileId");
        QTest::addColumn<QString>("why");
        QTest::newRow("parent") << "..\\OUTSIDE\\IM0"
                                << "\"..\"";
        QTest::newRow("parent lower-case") << "..\\outside\\IM0"
                                           << "\"..\"";
        QTest::newRow("parent after a folder") << "IMAGES\\..\\..\\outside\\IM0"
                                               << "\"..\"";
        QTest::newRow("absolute slash") << "%OUTSIDE%/IM0"
                                        << "absolute path";
        QTest::newRow("leading backslash") << "\\tmp\\IM0"
                                           << "absolute path";
        QTest::newRow("slash inside a component") << "IMAGES\\../../outside/IM0"
                                                  << "separator";
        QTest::newRow("symbolic link out") << "LINK\\IM0"
                                           << "symbolic link";
        QTest::newRow("empty component") << "IMAGES\\\\IM0"
                                         << "empty component";
        QTest::newRow("dot") << ".\\IMAGES\\IM0"
                             << "\".\"";
    }
    void escapingReferenceIsRefused()
    {
        QFETCH(QString, fileId);
        QFETCH(QString, why);
        Layout layout;
        const std::string id
            = fileId.replace("%OUTSIDE%", QString::fromStdString(layout.outside.string())).toStdString();
        auto resolved = resolveDicomDirectoryReference(layout.media, id);
        QVERIFY2(!resolved.ok(), resolved.ok() ? resolved->c_str() : "");
        QVERIFY2(
            resolved.error().message.find(why.toStdString()) != std::string::npos, resolved.error().toString().c_str());

        writeDicomDir(layout.media / "DICOMDIR", { "IMAGES\\IM0", id });
        auto scan = scanPath(layout.media / "DICOMDIR");
        QVERIFY2(!scan.ok(), "a DICOMDIR with an escaping record must be refused");
        QCOMPARE(scan.error().code, ErrorCode::InvalidFormat);
        QVERIFY2(scan.error().message.find("outside the DICOMDIR's folder") != std::string::npos,
            scan.error().toString().c_str());
        QVERIFY(!loadVolume(layout.media / "DICOMDIR").ok());

        QString cli = qEnvironmentVariable("DINOLENS_CLI");
        if (!cli.isEmpty() && QFileInfo::exists(cli)) {
            QProcess process;
            process.start(cli, { "info", QString::fromStdString((layout.media / "DICOMDIR").string()) });
            QVERIFY(process.waitForFinished(60000));
            QCOMPARE(process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(process.exitCode(), 1);
            QVERIFY(process.readAllStandardError().contains("outside the DICOMDIR's folder"));
        }
    }

    void referencesInsideLoad_data()
    {
        QTest::addColumn<QString>("fileId");
        QTest::newRow("upper-case ID") << "IMAGES\\IM0";
        QTest::newRow("padded") << "IMAGES\\IM0 ";
        QTest::newRow("lower-cased copy") << "COPIED\\IM1";
        QTest::newRow("symbolic link inside") << "IMAGES\\INLINK";
        QTest::newRow("missing file inside") << "IMAGES\\IM9";
    }
    void referencesInsideLoad()
    {
        QFETCH(QString, fileId);
        Layout layout;
        auto resolved = resolveDicomDirectoryReference(layout.media, fileId.toStdString());
        QVERIFY2(resolved.ok(), resolved.ok() ? "" : resolved.error().toString().c_str());
        QVERIFY(resolved->string().rfind(layout.media.string() + "/", 0) == 0);
        writeDicomDir(layout.media / "DICOMDIR", { "IMAGES\\IM0", fileId.toStdString() });
        auto scan = scanPath(layout.media / "DICOMDIR");
        QVERIFY2(scan.ok(), scan.ok() ? "" : scan.error().toString().c_str());
        std::size_t instances = 0;
        for (const auto& study : scan->studies) {
            for (const auto& series : study.series) {
                instances += series.instances.size();
            }
        }
        QCOMPARE(instances, std::size_t { fileId.endsWith("IM9") ? 1U : 2U });
    }

    void relativeFolderStaysContained()
    {
        Layout layout;
        const fs::path previous = fs::current_path();
        fs::current_path(layout.media);
        auto inside = resolveDicomDirectoryReference("", "IMAGES\\IM0");
        auto outside = resolveDicomDirectoryReference("", "..\\outside\\IM0");
        auto link = resolveDicomDirectoryReference("", "LINK\\IM0");
        fs::current_path(previous);
        QVERIFY(inside.ok());
        QVERIFY(!outside.ok());
        QVERIFY(!link.ok());
    }
};

QTEST_GUILESS_MAIN(TestHostileDicomDir)
#include "tst_hostile_dicomdir.moc"
