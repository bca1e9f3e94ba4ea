// `dinolens-cli --version`: the release from CMake's project(VERSION) and, built from git, the commit; no
// subcommand needed, exit code 0. And the front end hands the full --help to dinolens-cli-full (model commands).
#include <QProcess>
#include <QtTest/QtTest>

#include "dinolens/version.h"

class TestProgramVersion : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cliPrintsVersionAndCommit()
    {
        if (qEnvironmentVariable("DINOLENS_CLI").isEmpty()) {
            QSKIP("DINOLENS_CLI (path of the built dinolens-cli) is not set; run through ctest");
        }
        QProcess process;
        process.start(qEnvironmentVariable("DINOLENS_CLI"), { QStringLiteral("--version") });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QCOMPARE(out, QByteArray("dinolens-cli " DINOLENS_VERSION_STRING "\n"));
        QVERIFY(out.startsWith("dinolens-cli " DINOLENS_VERSION));
        if (QByteArray(DINOLENS_GIT_COMMIT).isEmpty()) {
            QVERIFY(!out.contains("(git"));
        } else {
            QVERIFY(out.contains("(git " DINOLENS_GIT_COMMIT ")"));
        }
    }

    void helpListsTheModelCommandsOfTheFullProgram()
    {
        if (qEnvironmentVariable("DINOLENS_CLI").isEmpty()) {
            QSKIP("DINOLENS_CLI (path of the built dinolens-cli) is not set; run through ctest");
        }
        QProcess process;
        process.start(qEnvironmentVariable("DINOLENS_CLI"), { QStringLiteral("--help") });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(out.contains("info") && out.contains("runs"), out.constData());
#ifdef DINOLENS_TEST_WITH_INFERENCE
        QVERIFY2(out.contains("features") && out.contains("train") && out.contains("evaluate"), out.constData());
#endif
    }
};

QTEST_GUILESS_MAIN(TestProgramVersion)
#include "tst_program_version.moc"
