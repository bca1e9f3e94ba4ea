// `dinolens-cli --version`: the release from CMake's project(VERSION) and, built from git, the commit; no
// subcommand needed, exit code 0.
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
};

QTEST_GUILESS_MAIN(TestProgramVersion)
#include "tst_program_version.moc"
