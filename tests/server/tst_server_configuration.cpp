// Server configuration checked at start: limits that cannot work and model ids given twice are refused (the
// dinolens-server executable exits with 2 and says why), a token file others can read is warned about and its
// token trimmed, a non-loopback host without a token is warned about, and the Bearer scheme matches in any case.
#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <sys/stat.h>

#include "dinolens/server/server_configuration.h"
#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

class TestServerConfiguration : public QObject {
    Q_OBJECT

private:
    std::filesystem::path m_run;
    QTemporaryDir m_dir;
    std::unique_ptr<server::Server> m_tokenServer;

    server::ServerOptions validOptions() const
    {
        server::ServerOptions options;
        options.models = { m_run };
        return options;
    }

    QString writeToken(const QString& name, const QByteArray& content, int mode)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            return {};
        }
        file.write(content);
        file.close();
        ::chmod(path.toLocal8Bit().constData(), static_cast<mode_t>(mode));
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor");
        std::string why;
        m_run = test::tinyRun(why);
        QVERIFY2(!m_run.empty(), why.c_str());
    }

    void refusedOptions_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("body limit 0") << 0;
        QTest::newRow("image side 0") << 1;
        QTest::newRow("negative image side") << 2;
        QTest::newRow("queue 0") << 3;
        QTest::newRow("negative batch") << 4;
        QTest::newRow("zero request timeout") << 5;
        QTest::newRow("negative deadline") << 6;
        QTest::newRow("zero connections") << 7;
        QTest::newRow("negative per-client connections") << 8;
        QTest::newRow("series limit 0") << 9;
        QTest::newRow("same model twice") << 10;
        QTest::newRow("same id from two folders") << 11;
    }

    void refusedOptions()
    {
        QFETCH(int, which);
        server::ServerOptions options = validOptions();
        QVERIFY(server::checkServerOptions(options).ok());
        switch (which) {
        case 0:
            options.maxBodyBytes = 0;
            break;
        case 1:
            options.maxImageSide = 0;
            break;
        case 2:
            options.maxImageSide = -5;
            break;
        case 3:
            options.queueCapacity = 0;
            break;
        case 4:
            options.maxBatch = -1;
            break;
        case 5:
            options.requestTimeout = std::chrono::milliseconds(0);
            break;
        case 6:
            options.requestDeadline = std::chrono::seconds(-1);
            break;
        case 7:
            options.maxConnections = 0;
            break;
        case 8:
            options.maxConnectionsPerClient = -3;
            break;
        case 9:
            options.maxSeriesSlices = 0;
            break;
        case 10:
            options.models = { m_run, m_run };
            break;
        case 11:
            options.models = { m_run, m_run.parent_path() / "elsewhere" / m_run.filename() };
            break;
        default:
            QFAIL("no such case");
        }
        const auto checked = server::checkServerOptions(options);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, core::ErrorCode::InvalidArgument);
        QVERIFY(!server::Server::create(options).ok());
    }

    void executableExitsWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        const QString run = QString::fromStdString(m_run.string());
        QTest::newRow("--max-body-mb 0") << QStringList { "--max-body-mb", "0", "--model", run } << "--max-body-mb";
        QTest::newRow("--max-body-mb -1") << QStringList { "--max-body-mb", "-1", "--model", run } << "--max-body-mb";
        QTest::newRow("--queue -4") << QStringList { "--queue", "-4", "--model", run } << "--queue";
        QTest::newRow("--timeout-s 0") << QStringList { "--timeout-s", "0", "--model", run } << "--timeout-s";
        QTest::newRow("--max-connections 0")
            << QStringList { "--max-connections", "0", "--model", run } << "connection limits";
        QTest::newRow("duplicate model") << QStringList { "--model", run, "--model", run + "/" } << "two models";
        QTest::newRow("empty token file") << QStringList { "--model", run, "--token-file", "EMPTY" } << "empty";
    }

    void executableExitsWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        QVERIFY(!qEnvironmentVariable("DINOLENS_SERVER").isEmpty());
        const qsizetype empty = arguments.indexOf("EMPTY");
        if (empty >= 0) {
            arguments[empty] = writeToken("empty-token", "   \n", 0600);
        }
        QProcess process;
        process.start(qEnvironmentVariable("DINOLENS_SERVER"), QStringList { "--port", "0" } + arguments);
        QVERIFY(process.waitForFinished(30000));
        const QString error = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(error.contains(says), qPrintable(error));
    }

    void tokenFile()
    {
        const QString privateFile = writeToken("private", "  s3cret-token \t\r\nsecond line\n", 0600);
        auto token = server::readTokenFile(privateFile.toStdString());
        QVERIFY(token.ok());
        QCOMPARE(QString::fromStdString(token->token), QString("s3cret-token"));
        QVERIFY(token->warnings.empty());
        const QString shared = writeToken("shared", "s3cret-token\n", 0644);
        token = server::readTokenFile(shared.toStdString());
        QVERIFY(token.ok());
        QCOMPARE(token->warnings.size(), std::size_t { 1 });
        QVERIFY(QString::fromStdString(token->warnings.front()).contains("other users"));
        QVERIFY(!server::readTokenFile(m_dir.filePath("missing").toStdString()).ok());
    }

    void hostWarnings()
    {
        server::ServerOptions options = validOptions();
        for (const char* loopback : { "127.0.0.1", "127.1.2.3", "localhost", "::1" }) {
            options.host = loopback;
            QVERIFY2(server::serverWarnings(options).empty(), loopback);
        }
        options.host = "0.0.0.0";
        QCOMPARE(server::serverWarnings(options).size(), std::size_t { 1 });
        options.token = "secret";
        QVERIFY(server::serverWarnings(options).empty());
    }

    void bearerSchemeInAnyCase_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("Bearer") << QByteArray("Bearer s3cret") << 200;
        QTest::newRow("bearer") << QByteArray("bearer s3cret") << 200;
        QTest::newRow("BEARER, spaces") << QByteArray("BEARER   s3cret  ") << 200;
        QTest::newRow("wrong token") << QByteArray("Bearer s3cre") << 401;
        QTest::newRow("token only") << QByteArray("s3cret") << 401;
        QTest::newRow("Basic") << QByteArray("Basic s3cret") << 401;
        QTest::newRow("invalid UTF-8") << QByteArray("Bearer \xff\xfe") << 401;
    }

    void bearerSchemeInAnyCase()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        if (!m_tokenServer) {
            server::ServerOptions options = validOptions();
            options.token = "s3cret";
            std::string why;
            m_tokenServer = test::startServer(options, why);
            QVERIFY2(m_tokenServer, why.c_str());
        }
        const auto answer = test::rawExchange(m_tokenServer->port(),
            test::httpRequest("GET", "/v1/models", {}, {}, "Authorization: " + authorization.toStdString() + "\r\n"));
        QCOMPARE(answer.status, status);
    }
};

QTEST_GUILESS_MAIN(TestServerConfiguration)
#include "tst_server_configuration.moc"
