// The dinolens-server executable as a child process: start-up on a free port with a token file (health, readiness
// and the OpenAPI document open, every other route 401 without the token), the `dinolens-cli client segment` and
// `client series` commands against it, and graceful shutdown on SIGTERM with requests in flight.
#include <QtTest/QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>
#include <future>
#include <tuple>

#include "dinolens/core/dicom_scanner.h"
#include "dinolens/core/dicom_series_loader.h"
#include "dinolens/core/nifti_reader.h"
#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

class TestServerProcess : public QObject {
    Q_OBJECT

private:
    std::filesystem::path m_run;
    QTemporaryDir m_dir;
    QProcess m_server;
    int m_port = 0;
    QString m_tokenFile;

    QString cli() const { return qEnvironmentVariable("DINOLENS_CLI"); }

    // Starts dinolens-server on a free port with the tiny model and the token file; the port once ready, or 0.
    int startServer(QProcess& server, const QStringList& extra) const
    {
        server.start(qEnvironmentVariable("DINOLENS_SERVER"),
            QStringList { "--port", "0", "--model", QString::fromStdString(m_run.string()), "--token-file", m_tokenFile,
                "--threads", "2" }
                + extra);
        if (!server.waitForStarted()) {
            return 0;
        }
        QDeadlineTimer deadline(30000);
        while (!server.canReadLine() && !deadline.hasExpired()) {
            server.waitForReadyRead(100);
        }
        const QString line = QString::fromUtf8(server.readLine()).trimmed();
        if (!line.startsWith("dinolens-server listening on port ")) {
            qWarning("server said: %s", qPrintable(line));
            return 0;
        }
        const int port = line.section(' ', -1).toInt();
        QDeadlineTimer ready(60000);
        while (test::rawExchange(port, test::httpRequest("GET", "/v1/health/ready")).status != 200) {
            if (ready.hasExpired()) {
                return 0;
            }
            QThread::msleep(100);
        }
        return port;
    }

    // One sample of the server's /metrics text (a counter or gauge), or -1 when it is absent.
    static long long metric(int port, const std::string& key)
    {
        const std::string body = test::rawExchange(
            port, test::httpRequest("GET", "/metrics", {}, {}, "Authorization: Bearer process-token\r\n"))
                                     .body;
        const auto at = body.find(key + " ");
        return at == std::string::npos ? -1 : std::atoll(body.c_str() + at + key.size() + 1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor");
        QVERIFY(!qEnvironmentVariable("DINOLENS_SERVER").isEmpty());
        std::string why;
        m_run = test::tinyRun(why);
        QVERIFY2(!m_run.empty(), why.c_str());
        m_tokenFile = m_dir.filePath("token");
        QFile token(m_tokenFile);
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("process-token\n");
        token.close();
        m_port = startServer(m_server, {});
        QVERIFY(m_port > 0);
    }

    void cliClientSegment()
    {
        QProcess process;
        const QString out = m_dir.filePath("out");
        QVERIFY(QDir().mkpath(out));
        process.start(cli(),
            { "client", "segment", "--url", QString("http://127.0.0.1:%1").arg(m_port), "--token-file", m_tokenFile,
                "--out-dir", out, QString::fromStdString(test::firstValidationImage().string()) });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject summary = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(summary.value("model").toString(), QString::fromStdString(m_run.filename().string()));
        QVERIFY(QFile::exists(out + "/labels.png"));
        QVERIFY(QFile::exists(out + "/glioma.png"));
    }

    void openRoutesUnderTokenFile_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("route");
        QTest::addColumn<bool>("open");
        QTest::newRow("health") << "GET"
                                << "/v1/health" << true;
        QTest::newRow("ready") << "GET"
                               << "/v1/health/ready" << true;
        QTest::newRow("openapi") << "GET"
                                 << "/openapi.json" << true;
        QTest::newRow("models") << "GET"
                                << "/v1/models" << false;
        QTest::newRow("metrics") << "GET"
                                 << "/metrics" << false;
        QTest::newRow("segment") << "POST"
                                 << "/v1/segment" << false;
        QTest::newRow("series") << "POST"
                                << "/v1/segment/series" << false;
    }
    void openRoutesUnderTokenFile()
    {
        QFETCH(QString, method);
        QFETCH(QString, route);
        QFETCH(bool, open);
        std::string body;
        std::string type;
        if (route == "/v1/segment") {
            body = test::readBytes(test::firstValidationImage());
            type = "image/jpeg";
        } else if (route == "/v1/segment/series") {
            std::tie(body, type) = test::multipartBody({ { "files", "image.jpg", "application/dicom", "x" } });
        }
        const auto request = [&](const std::string& headers) {
            return test::rawExchange(
                m_port, test::httpRequest(method.toStdString(), route.toStdString(), body, type, headers));
        };
        const test::RawAnswer anonymous = request({});
        if (open) {
            QCOMPARE(anonymous.status, 200);
            return;
        }
        QCOMPARE(anonymous.status, 401);
        QVERIFY(anonymous.body.find("\"unauthorized\"") != std::string::npos);
        QCOMPARE(anonymous.headers.at("www-authenticate"), std::string("Bearer"));
        QCOMPARE(request("Authorization: Bearer wrong-token\r\n").status, 401);
        // The token from the file opens it: the answer is the route's own (the series body above is not DICOM).
        const int expected = route == "/v1/segment/series" ? 400 : 200;
        QCOMPARE(request("Authorization: Bearer process-token\r\n").status, expected);
    }

    void cliClientSeriesWritesMask()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        const QString out = m_dir.filePath("series-out");
        const QString folder = QString::fromStdString(test::dataPath("dicom/series-dwi-sag48").string());
        QProcess process;
        process.start(cli(),
            { "client", "series", "--url", QString("http://127.0.0.1:%1").arg(m_port), "--token-file", m_tokenFile,
                "--out-dir", out, folder });
        QVERIFY(process.waitForFinished(120000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        const QJsonObject summary = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(summary.value("model").toString(), QString::fromStdString(m_run.filename().string()));
        auto mask = core::loadNifti((out + "/mask.nii.gz").toStdString());
        QVERIFY2(mask.ok(), mask.ok() ? "" : mask.error().toString().c_str());
        auto scan = core::scanDicom(folder.toStdString());
        QVERIFY(scan.ok());
        auto series = core::loadDicomSeries(scan->studies.at(0).series.at(0));
        QVERIFY(series.ok());
        QCOMPARE(mask->dims, series->dims);
        QCOMPARE(summary.value("dims").toArray(), (QJsonArray { series->dims[0], series->dims[1], series->dims[2] }));
        for (std::size_t a = 0; a < 3; ++a) {
            QVERIFY(std::abs(mask->origin[a] - series->origin[a]) < 1e-3);
        }
    }

    void cliClientErrors()
    {
        QProcess process;
        process.start(cli(),
            { "client", "segment", "--url", QString("http://127.0.0.1:%1").arg(m_port), "--model", "missing",
                "--token-file", m_tokenFile, QString::fromStdString(test::firstValidationImage().string()) });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardError().contains("unknown_model"));
        process.start(cli(),
            { "client", "segment", "--url", QString("http://127.0.0.1:%1").arg(m_port),
                QString::fromStdString(test::firstValidationImage().string()) });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1); // no token: 401
        QVERIFY(process.readAllStandardError().contains("unauthorized"));
    }

    void gracefulShutdownOnSigterm()
    {
        // A server whose requests wait 5 s for others to batch with: the six requests below are all queued,
        // unanswered, when SIGTERM arrives, and every one of them must still get its answer.
        QProcess server;
        const int port = startServer(server, { "--batch-window-ms", "5000", "--max-batch", "8" });
        QVERIFY(port > 0);
        const std::string request = test::httpRequest("POST", "/v1/segment",
            test::readBytes(test::firstValidationImage()), "image/jpeg", "Authorization: Bearer process-token\r\n");
        const std::string queued = "dinolens_queue_length{model=\"" + m_run.filename().string() + "\"}";
        constexpr int kRequests = 6;
        std::vector<std::future<test::RawAnswer>> answers;
        for (int i = 0; i < kRequests; ++i) {
            answers.push_back(std::async(std::launch::async, [&] { return test::rawExchange(port, request); }));
        }
        QTRY_COMPARE_WITH_TIMEOUT(metric(port, queued), kRequests, 4000);
        server.terminate(); // SIGTERM
        QVERIFY(server.waitForFinished(30000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        for (auto& future : answers) {
            const test::RawAnswer answer = future.get();
            QCOMPARE(answer.status, 200);
            QVERIFY(answer.body.find("\"classes\"") != std::string::npos);
        }
        QVERIFY(server.readAllStandardOutput().contains("stopping"));
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_server_process.moc"
