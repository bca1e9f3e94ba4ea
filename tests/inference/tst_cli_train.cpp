// `dinolens-cli train` as a user runs it: the per-epoch line with the validation numbers, a missing validation
// split that only warns, and the device option (`--device cuda` without CUDA refused with a clear message before
// anything is written).
#include <QProcess>
#include <QtTest/QtTest>

#include "dinolens/inference/backbone.h"
#include "test_data.h"

class TestCliTrain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_CLI(m_cli);
        QVERIFY(m_dir.isValid());
    }

    void printsValidationEveryEpoch()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        const QString out = m_dir.filePath(QStringLiteral("validated"));
        QCOMPARE(train({ QStringLiteral("--valid-max-images"), QStringLiteral("4"), QStringLiteral("--out"), out }), 0);
        QCOMPARE(m_stdout.count(QStringLiteral("; valid loss ")), 2);
        QVERIFY2(m_stdout.contains(QStringLiteral("image Dice")), qPrintable(m_stdout));
        QVERIFY2(m_stdout.contains(QStringLiteral("4 validation images")), qPrintable(m_stdout));
        QFile csv(out + QStringLiteral("/metrics.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readLine().contains("valid_loss"));
    }

    void missingValidationSplitOnlyWarns()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        const QString out = m_dir.filePath(QStringLiteral("holdout"));
        QCOMPARE(
            train({ QStringLiteral("--valid-split"), QStringLiteral("holdout"), QStringLiteral("--out"), out }), 0);
        QVERIFY2(m_stderr.contains(QStringLiteral("warning")) && m_stderr.contains(QStringLiteral("\"holdout\"")),
            qPrintable(m_stderr));
        QVERIFY(!m_stdout.contains(QStringLiteral("valid loss")));
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/head.safetensors")));
    }

    void cudaWithoutCudaIsRefused()
    {
        if (dinolens::inference::cudaAvailable()) {
            QSKIP("CUDA is available here, so --device cuda is not refused (the gpu-labelled tests cover it)");
        }
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        const QString out = m_dir.filePath(QStringLiteral("cuda"));
        QCOMPARE(train({ QStringLiteral("--device"), QStringLiteral("cuda"), QStringLiteral("--out"), out }), 1);
        QVERIFY2(m_stderr.contains(QStringLiteral("CUDA was requested")), qPrintable(m_stderr));
        QVERIFY2(!QFileInfo::exists(out), "nothing may be written when the device is refused");
    }

    void unknownDeviceIsAUsageError()
    {
        const QString out = m_dir.filePath(QStringLiteral("tpu"));
        QCOMPARE(train({ QStringLiteral("--device"), QStringLiteral("tpu"), QStringLiteral("--out"), out }), 2);
        QVERIFY2(m_stderr.contains(QStringLiteral("--device")), qPrintable(m_stderr));
    }

private:
    // A tiny run on the real data (random-small, 8 images at 64 px, 2 epochs) with `extra` arguments.
    int train(const QStringList& extra)
    {
        QStringList arguments = { QStringLiteral("train"), QStringLiteral("--data"),
            QString::fromStdString(dinolens::test::dataPath("brain-tumor").string()), QStringLiteral("--base-model"),
            QStringLiteral("random-small"), QStringLiteral("--epochs"), QStringLiteral("2"),
            QStringLiteral("--max-images"), QStringLiteral("8"), QStringLiteral("--resolution"), QStringLiteral("64"),
            QStringLiteral("--threads"), QStringLiteral("1") };
        arguments += extra;
        QProcess process;
        process.start(m_cli, arguments);
        if (!process.waitForFinished(120000)) {
            return -1;
        }
        m_stdout = QString::fromUtf8(process.readAllStandardOutput());
        m_stderr = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    }

    QString m_cli;
    QTemporaryDir m_dir;
    QString m_stdout;
    QString m_stderr;
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "tst_cli_train.moc"
