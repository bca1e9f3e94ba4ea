// Patient names in every character set hospitals send (DICOM PS3.5 Annex H, I, J examples and the Latin, Greek
// and Cyrillic sets), written with DCMTK as raw bytes: scanning gives UTF-8, `dinolens-cli info` shows them in
// valid JSON, and bytes that cannot be converted become U+FFFD instead of reaching the JSON writer raw.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "crafted_dicom.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/core/utf8_text.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

std::filesystem::path writeNamed(const QTemporaryDir& dir, const QByteArray& charset, const QByteArray& name)
{
    DcmFileFormat file;
    DcmDataset& ds = *file.getDataset();
    dinolens::test::fillMrHeader(ds, 4, 4);
    if (!charset.isEmpty()) {
        ds.putAndInsertString(DCM_SpecificCharacterSet, charset.constData());
    }
    ds.putAndInsertString(DCM_PatientName, name.constData());
    ds.putAndInsertString(DCM_StudyDescription, name.constData());
    dinolens::test::putNativePixels(ds, 16);
    const std::filesystem::path path = dir.filePath("named.dcm").toStdString();
    if (!dinolens::test::saveDicom(file, path)) {
        qFatal("cannot write the test file");
    }
    return path;
}

} // namespace

class TestHostileDicomCharsets : public QObject {
    Q_OBJECT

private:
    void rows()
    {
        QTest::addColumn<QByteArray>("charset");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ISO_IR 100 (Latin-1)")
            << QByteArray("ISO_IR 100") << QByteArray("Buc^J\xe9r\xf4me") << QStringLiteral("Buc^Jérôme");
        QTest::newRow("ISO_IR 192 (UTF-8)")
            << QByteArray("ISO_IR 192") << QByteArray("Wang^XiaoDong=\xe7\x8e\x8b^\xe5\xb0\x8f\xe4\xb8\x9c=")
            << QStringLiteral("Wang^XiaoDong=王^小东=");
        QTest::newRow("GB18030") << QByteArray("GB18030") << QByteArray("Wang^XiaoDong=\xcd\xf5^\xd0\xa1\xb6\xab=")
                                 << QStringLiteral("Wang^XiaoDong=王^小东=");
        QTest::newRow("ISO 2022 IR 87 (Japanese)")
            << QByteArray("\\ISO 2022 IR 87")
            << QByteArray("Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B")
            << QStringLiteral("Yamada^Tarou=山田^太郎=やまだ^たろう");
        QTest::newRow("ISO 2022 IR 149 (Korean)")
            << QByteArray("\\ISO 2022 IR 149")
            << QByteArray(
                   "Hong^Gildong=\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7=\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf")
            << QStringLiteral("Hong^Gildong=洪^吉洞=홍^길동");
        QTest::newRow("ISO_IR 144 (Cyrillic)")
            << QByteArray("ISO_IR 144") << QByteArray("\xbb\xee\xda\xe1\xd5\xdc\xd1\xe3\xe0\xd3")
            << QStringLiteral("Люксембург");
        QTest::newRow("ISO_IR 126 (Greek)")
            << QByteArray("ISO_IR 126") << QByteArray("\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2")
            << QStringLiteral("Διονυσιος");
        // Cannot be converted: each ill-formed part becomes U+FFFD, the rest stays.
        QTest::newRow("invalid UTF-8 under ISO_IR 192")
            << QByteArray("ISO_IR 192") << QByteArray("Bad\xff^Name") << QStringLiteral("Bad\uFFFD^Name");
        QTest::newRow("Latin-1 bytes without a character set")
            << QByteArray() << QByteArray("Buc^J\xe9r\xf4me") << QStringLiteral("Buc^J\uFFFDr\uFFFDme");
        QTest::newRow("unknown character set")
            << QByteArray("ISO_IR 999") << QByteArray("M\xfcller") << QStringLiteral("M\uFFFDller");
        QTest::newRow("GB18030 cut inside a character")
            << QByteArray("GB18030") << QByteArray("Wang=\xcd\xf5\xd0") << QString();
    }

private Q_SLOTS:
    void scanGivesUtf8_data() { rows(); }
    void scanGivesUtf8()
    {
        QFETCH(QByteArray, charset);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto scan = scanPath(writeNamed(dir, charset, bytes));
        QVERIFY2(scan.ok(), scan.ok() ? "" : scan.error().toString().c_str());
        QCOMPARE(scan->studies.size(), std::size_t { 1 });
        const std::string& name = scan->studies[0].patientName;
        QCOMPARE(toValidUtf8(name), name);
        if (!expected.isEmpty()) {
            QCOMPARE(QString::fromStdString(name), expected);
            QCOMPARE(QString::fromStdString(scan->studies[0].studyDescription), expected);
        } else {
            QVERIFY(QString::fromStdString(name).startsWith(QStringLiteral("Wang=")));
        }
    }

    void cliInfoShowsTheName_data() { rows(); }
    void cliInfoShowsTheName()
    {
        QString cli;
        DINOLENS_REQUIRE_CLI(cli);
        QFETCH(QByteArray, charset);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QProcess process;
        process.start(cli, { "info", QString::fromStdString(writeNamed(dir, charset, bytes).string()) });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QByteArray out = process.readAllStandardOutput();
        QCOMPARE(QString::fromUtf8(out).toUtf8(), out); // valid UTF-8 throughout
        QJsonParseError error {};
        const QJsonDocument json = QJsonDocument::fromJson(out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QString name = json["studies"].toArray()[0].toObject()["patient_name"].toString();
        if (!expected.isEmpty()) {
            QCOMPARE(name, expected);
        }
    }

    void utf8RepairKeepsValidText_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("output");
        QTest::newRow("ascii") << QByteArray("plain") << QByteArray("plain");
        QTest::newRow("valid 4-byte") << QByteArray("\xf0\x9f\x98\x80") << QByteArray("\xf0\x9f\x98\x80");
        QTest::newRow("overlong") << QByteArray("\xc0\xaf") << QByteArray("\xef\xbf\xbd\xef\xbf\xbd");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
        QTest::newRow("truncated") << QByteArray("a\xe4\xb8") << QByteArray("a\xef\xbf\xbd");
        QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80")
                                        << QByteArray("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    }
    void utf8RepairKeepsValidText()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, output);
        QCOMPARE(QByteArray::fromStdString(toValidUtf8(input.toStdString())), output);
    }
};

QTEST_GUILESS_MAIN(TestHostileDicomCharsets)
#include "tst_hostile_dicom_charsets.moc"
