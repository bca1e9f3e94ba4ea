// The dinolens-server executable as a child process: start-up on a free port with a token file, the
// `dinolens-cli client segment` command against it, and graceful shutdown on SIGTERM with requests in flight.
#include <QtTest/QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <future>

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
        m_server.start(qEnvironmentVariable("DINOLENS_SERVER"),
            { "--port", "0", "--model", QString::fromStdString(m_run.string()), "--token-file", m_tokenFile,
                "--threads", "2" });
        QVERIFY(m_server.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_server.canReadLine(), 30000);
        const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
        QVERIFY2(line.startsWith("dinolens-server listening on port "), qPrintable(line));
        m_port = line.section(' ', -1).toInt();
        QVERIFY(m_port > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            test::rawExchange(m_port, test::httpRequest("GET", "/v1/health/ready")).status, 200, 60000);
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
        const std::string request = test::httpRequest("POST", "/v1/segment",
            test::readBytes(test::firstValidationImage()), "image/jpeg", "Authorization: Bearer process-token\r\n");
        // Segment answers given so far (the earlier tests' included), from the server's own counter.
        const auto segmentAnswers = [this] {
            const std::string body = test::rawExchange(m_port,
                test::httpRequest("GET", "/metrics", {}, {}, "Authorization: Bearer process-token\r\n"))
                                         .body;
            const std::string key = "dinolens_requests_total{route=\"/v1/segment\",status=\"200\"} ";
            const auto at = body.find(key);
            return at == std::string::npos ? 0 : std::atoi(body.c_str() + at + key.size());
        };
        const int before = segmentAnswers();
        std::vector<std::future<test::RawAnswer>> answers;
        for (int i = 0; i < 6; ++i) {
            answers.push_back(std::async(std::launch::async, [&] { return test::rawExchange(m_port, request); }));
        }
        // Wait until one of these requests has been answered, so that the stop meets work done and work queued.
        QTRY_VERIFY_WITH_TIMEOUT(segmentAnswers() > before, 30000);
        m_server.terminate(); // SIGTERM
        QVERIFY(m_server.waitForFinished(30000));
        QCOMPARE(m_server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_server.exitCode(), 0);
        int answered = 0;
        for (auto& future : answers) {
            const test::RawAnswer answer = future.get();
            // Finished (200) or refused as shutting down (503), never a half answer; 0 = not yet connected.
            QVERIFY2(answer.status == 200 || answer.status == 503 || answer.status == 0,
                qPrintable(QString::number(answer.status)));
            answered += answer.status == 200 ? 1 : 0;
        }
        QVERIFY(answered >= 1);
        QVERIFY(m_server.readAllStandardOutput().contains("stopping"));
    }
};

QTEST_GUILESS_MAIN(TestServerProcess)
#include "tst_server_process.moc"
