// `dinolens-cli pacs echo|find|get|send` against the fixture's Orthanc, through the built program: JSON answers,
// files written, a SEG sent back and listed by Orthanc, and the exit codes 0 (done), 1 (failed input), 2 (usage).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <fstream>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "orthanc_test_server.h"
#include "test_data.h"

using namespace dinolens;
namespace fs = std::filesystem;

namespace {

struct Run {
    int exitCode = -1;
    QJsonObject json;
    QByteArray errors;
};

} // namespace

class TestPacsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The launcher users run (it hands `pacs` over to dinolens-cli-core, program_choice.h) when it is built, else
        // dinolens-cli-core itself (the launcher waits for the full program, which needs LibTorch).
        m_cli = qEnvironmentVariable("DINOLENS_CLI");
        if (m_cli.isEmpty() || !QFileInfo::exists(m_cli)) {
            m_cli = qEnvironmentVariable("DINOLENS_CLI_CORE");
        }
        if (m_cli.isEmpty() || !QFileInfo::exists(m_cli)) {
            QSKIP("neither DINOLENS_CLI nor DINOLENS_CLI_CORE names a built program (CTest sets them)");
        }
        DINOLENS_REQUIRE_ORTHANC(m_server);
        m_url = QString::fromStdString(m_server.restUrl() + "/dicom-web");
        m_dimse = QString("ORTHANC@127.0.0.1:%1").arg(m_server.dicomPort());
    }

    void echoOverBothProtocols()
    {
        for (const QStringList& node : { QStringList { "--url", m_url }, QStringList { "--dimse", m_dimse } }) {
            const Run echoed = run(QStringList { "pacs", "echo" } + node);
            QCOMPARE(echoed.exitCode, 0);
            QVERIFY(echoed.json["ok"].toBool());
        }
    }

    void findPrintsStudiesAndSeries()
    {
        const Run studies = run({ "pacs", "find", "--url", m_url, "--patient-name", "DTI*", "--modality", "MR" });
        QCOMPARE(studies.exitCode, 0);
        const QJsonArray studyMatches = studies.json["matches"].toArray();
        QCOMPARE(studyMatches.size(), 1);
        m_studyUid = studyMatches[0].toObject()["study_uid"].toString();
        QCOMPARE(studyMatches[0].toObject()["patient_id"].toString(), QString("jflab"));

        const Run series = run(
            { "pacs", "find", "--dimse", m_dimse, "--level", "series", "--study-uid", m_studyUid, "--modality", "MR" });
        QCOMPARE(series.exitCode, 0);
        const QJsonArray seriesMatches = series.json["matches"].toArray();
        QCOMPARE(seriesMatches.size(), 1);
        m_seriesUid = seriesMatches[0].toObject()["series_uid"].toString();
        QCOMPARE(seriesMatches[0].toObject()["instances"].toInt(), m_server.loadedInstances());
    }

    void getWritesTheSeriesOverWadoAndCGet()
    {
        for (const QStringList& node :
            { QStringList { "--url", m_url }, QStringList { "--dimse", m_dimse, "--method", "get" } }) {
            const QString out = m_dir.filePath(node[0].mid(2));
            const Run got = run(
                QStringList { "pacs", "get", "--study-uid", m_studyUid, "--series-uid", m_seriesUid, "--out", out }
                + node);
            QCOMPARE(got.exitCode, 0);
            QCOMPARE(got.json["instances"].toInt(), m_server.loadedInstances());
            QCOMPARE(
                QDir(out + "/" + m_seriesUid).entryList({ "*.dcm" }, QDir::Files).size(), m_server.loadedInstances());
        }
    }

    void getIntoTheCacheEvictsOlderSeries()
    {
        // An older series of another study fills the cache before the retrieve.
        const QString cache = m_dir.filePath("cache");
        const fs::path old = fs::path(cache.toStdString()) / "9.9" / "9.9.1";
        fs::create_directories(old);
        std::ofstream(old / "9.9.1.1.dcm", std::ios::binary) << std::string(2 << 20, 'x');
        const Run got = run({ "pacs", "get", "--url", m_url, "--study-uid", m_studyUid, "--series-uid", m_seriesUid,
            "--cache", cache, "--cache-mb", "8" });
        QCOMPARE(got.exitCode, 0);
        QCOMPARE(got.json["instances"].toInt(), m_server.loadedInstances());
        const QJsonObject usage = got.json["cache"].toObject();
        QCOMPARE(usage["evicted"].toArray().size(), 1);
        QVERIFY(!fs::exists(old));
        QCOMPARE(usage["series"].toInt(), 1);
        QVERIFY(usage["bytes"].toInteger() <= 8 << 20);
        QCOMPARE(QDir(cache + "/" + m_studyUid + "/" + m_seriesUid).entryList({ "*.dcm" }, QDir::Files).size(),
            m_server.loadedInstances());
        QCOMPARE(run({ "pacs", "get", "--url", m_url, "--study-uid", m_studyUid, "--cache", cache, "--out", cache })
                     .exitCode,
            2);
    }

    void sendStoresASegmentationInTheStudy()
    {
        const auto scan = core::scanPath(m_dir.filePath("url").toStdString());
        QVERIFY(scan.ok() && !scan->studies.empty());
        const auto volume = core::loadSeries(scan->studies.front().series.front());
        QVERIFY(volume.ok());
        core::LabelMask mask = core::LabelMask::zeros(volume->dims[0], volume->dims[1], volume->dims[2]);
        std::fill(mask.labels.begin(), mask.labels.begin() + volume->dims[0] * 20, std::uint8_t(2));
        const fs::path seg = m_dir.filePath("cli-seg.dcm").toStdString();
        QVERIFY(core::writeDicomSeg(seg, mask, *volume).ok());
        const auto before = m_server.seriesModalities(m_studyUid.toStdString());

        const Run sent = run({ "pacs", "send", "--dimse", m_dimse, QString::fromStdString(seg.string()) });
        QCOMPARE(sent.exitCode, 0);
        QCOMPARE(sent.json["method"].toString(), QString("C-STORE"));
        QCOMPARE(sent.json["stored"].toArray().size(), 1);
        const auto after = m_server.seriesModalities(m_studyUid.toStdString());
        QCOMPARE(std::count(after.begin(), after.end(), "SEG"), std::count(before.begin(), before.end(), "SEG") + 1);
    }

    void externalNodeGetsAnonymisedCopies()
    {
        pacs::PacsNode external = m_server.dicomWeb();
        external.name = "research";
        external.external = true;
        const QString nodes = m_dir.filePath("nodes.json");
        std::ofstream(nodes.toStdString()) << pacs::pacsNodesToJson({ external }).dump();
        const std::string anonymousStudies = R"({"Level": "Study", "Query": {"PatientName": "ANONYMOUS"}})";
        const nlohmann::json before = m_server.rest("/tools/find", anonymousStudies); // other tests may send too
        QVERIFY(before.is_array());
        const Run sent = run({ "pacs", "send", "--node", "research", "--nodes", nodes, m_dir.filePath("cli-seg.dcm") });
        QCOMPARE(sent.exitCode, 0);
        QVERIFY(sent.json["anonymised"].toBool());
        QCOMPARE(sent.json["stored"].toArray().size(), 1);
        const nlohmann::json anonymous = m_server.rest("/tools/find", anonymousStudies);
        QVERIFY(anonymous.is_array() && anonymous.size() == before.size() + 1);
        QVERIFY(anonymous.back().get<std::string>() != "");
    }

    // `bench pacs` with the smallest options: it succeeds and every figure it prints is a number ("-": not measured).
    void benchPrintsRatesAndFirstSlice()
    {
        QProcess process;
        process.start(m_cli,
            { "bench", "pacs", "--url", m_url, "--dimse", m_dimse, "--orthanc",
                QString::fromStdString(m_server.restUrl()), "--repeats", "1" });
        QVERIFY(process.waitForFinished(120000));
        const QString output = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(process.exitCode() == 0, qPrintable(output + process.readAllStandardError()));
        int rows = 0;
        for (const QString& line : output.split('\n')) {
            if (!line.startsWith("WADO-RS") && !line.startsWith("C-GET")) {
                continue;
            }
            ++rows;
            const QStringList fields = line.split(' ', Qt::SkipEmptyParts);
            QCOMPARE(fields.size(), 8);
            for (int n = 1; n < 7; ++n) {
                bool number = false;
                fields[n].toDouble(&number);
                QVERIFY2(number, qPrintable(line));
            }
            QVERIFY(fields[7].endsWith('%'));
        }
        QCOMPARE(rows, 2);
    }

    void failuresAndUsageErrorsHaveTheirExitCodes()
    {
        QCOMPARE(run({ "pacs", "echo" }).exitCode, 2); // no node
        QCOMPARE(run({ "pacs", "echo", "--url", m_url, "--dimse", m_dimse }).exitCode, 2);
        QCOMPARE(run({ "pacs", "echo", "--dimse", "no-port" }).exitCode, 2);
        QCOMPARE(run({ "pacs", "get", "--url", m_url, "--out", m_dir.path() }).exitCode, 2); // no study
        const Run down = run({ "pacs", "echo", "--url", "http://127.0.0.1:1/dicom-web" });
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.errors.contains("cannot connect"), down.errors.constData());
        QCOMPARE(run({ "pacs", "send", "--url", m_url, m_dir.filePath("missing.dcm") }).exitCode, 1);
    }

private:
    Run run(const QStringList& arguments) const
    {
        QProcess process;
        process.start(m_cli, arguments);
        Run result;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitCode();
        result.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        result.errors = process.readAllStandardError();
        return result;
    }

    QString m_cli;
    test::OrthancServer m_server;
    QString m_url;
    QString m_dimse;
    QString m_studyUid;
    QString m_seriesUid;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestPacsCli)
#include "tst_pacs_cli.moc"
