// Secondary Captures of key slices as PACS receives them: filed under the source's patient and study, the patient's
// name kept readable whatever character set the source used (converted to UTF-8, ISO_IR 192), the summary comment
// (translated text, not always ASCII) in the same set, and a refusal with a clear error for a source that is not
// DICOM.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "crafted_dicom.h"
#include "dinolens/pacs/secondary_capture.h"

using namespace dinolens;

class TestSecondaryCapture : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void latin1SourceGivesUtf8()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        DcmFileFormat file;
        DcmDataset& ds = *file.getDataset();
        test::fillMrHeader(ds, 4, 4);
        ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 100");
        ds.putAndInsertString(DCM_PatientName, "Buc^J\xe9r\xf4me"); // Latin-1 bytes
        test::putNativePixels(ds, 16);
        const std::filesystem::path source = dir.filePath(QStringLiteral("source.dcm")).toStdString();
        QVERIFY(test::saveDicom(file, source));
        OFString studyUid;
        ds.findAndGetOFString(DCM_StudyInstanceUID, studyUid);

        pacs::SecondaryCaptureImage image;
        image.width = 8;
        image.height = 4;
        image.rgb.assign(8 * 4 * 3, 200);
        image.sourceFile = source.string();
        image.comment = "Tumeur d\xc3\xa9tect\xc3\xa9"
                        "e (p = 0.99)"; // UTF-8, as the viewer's French summary
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("out")));
        const auto written = pacs::writeSecondaryCaptures({ image }, dir.filePath(QStringLiteral("out")).toStdString());
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        QCOMPARE(written->size(), std::size_t { 1 });

        DcmFileFormat read;
        QVERIFY(read.loadFile(written->front().c_str()).good());
        DcmDataset& sc = *read.getDataset();
        OFString value;
        QVERIFY(sc.findAndGetOFStringArray(DCM_SpecificCharacterSet, value).good());
        QCOMPARE(QString::fromLatin1(value.c_str()), QStringLiteral("ISO_IR 192"));
        QVERIFY(sc.findAndGetOFString(DCM_PatientName, value).good());
        QCOMPARE(QString::fromUtf8(value.c_str()), QStringLiteral("Buc^Jérôme"));
        QVERIFY(sc.findAndGetOFString(DCM_ImageComments, value).good());
        QCOMPARE(QString::fromUtf8(value.c_str()), QStringLiteral("Tumeur détectée (p = 0.99)"));
        QVERIFY(sc.findAndGetOFString(DCM_StudyInstanceUID, value).good());
        QCOMPARE(value, studyUid);
    }

    void sourceThatIsNotDicomIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString source = dir.filePath(QStringLiteral("not.dcm"));
        QFile junk(source);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("this is not DICOM");
        junk.close();
        pacs::SecondaryCaptureImage image;
        image.width = 2;
        image.height = 2;
        image.rgb.assign(2 * 2 * 3, 0);
        image.sourceFile = source.toStdString();
        const QString out = dir.filePath(QStringLiteral("out"));
        const auto written = pacs::writeSecondaryCaptures({ image }, out.toStdString());
        QVERIFY(!written);
        QCOMPARE(written.error().code, core::ErrorCode::Unreadable);
        QVERIFY(!QDir(out).exists() || QDir(out).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecondaryCapture)
#include "tst_secondary_capture.moc"
