// A smoke run of every `dinolens-cli bench` command with the smallest options (a tiny random-small run, a few
// images, fractions of a second): each exits with 0 and prints its figures, and every figure is a number. The
// figures themselves are not judged: speed lives in the benchmarks, never in tests.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

#include "test_data.h"

namespace {

const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";

// The figures of the first output line that matches `pattern`, in which each "(N)" stands for a number and each
// space for any run of blanks; empty when no line matches. "nan" or "inf" never match a number.
QList<double> figures(const QString& output, const QString& pattern)
{
    QString regex = QRegularExpression::escape(pattern);
    regex.replace(QStringLiteral("\\(N\\)"), QStringLiteral("([-+]?[0-9]+(?:\\.[0-9]+)?)"));
    regex.replace(QStringLiteral("\\ "), QStringLiteral("\\s+"));
    const QRegularExpressionMatch match = QRegularExpression(regex, QRegularExpression::MultilineOption).match(output);
    QList<double> numbers;
    for (int i = 1; match.hasMatch() && i <= match.lastCapturedIndex(); ++i) {
        numbers.append(match.captured(i).toDouble());
    }
    return numbers;
}

} // namespace

// Checks that `pattern` matches a line of `output` and that it holds `count` numbers; names the pattern otherwise.
#define EXPECT_FIGURES(variable, output, pattern, count)                                                               \
    const QList<double> variable = figures(output, QString::fromUtf8(pattern));                                        \
    QVERIFY2(variable.size() == (count),                                                                               \
        qPrintable(QStringLiteral("no line '%1' in:\n%2").arg(QString::fromUtf8(pattern), output)))

class TestCliBench : public QObject {
    Q_OBJECT

private:
    QString m_cli;
    QTemporaryDir m_dir;
    QString m_run;

    // Runs dinolens-cli with `arguments` (the viewer it starts keeps its settings in the test's folder); its standard
    // output, or why it failed.
    QString bench(const QStringList& arguments, int timeoutMs = 120000)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        process.setProcessEnvironment(environment);
        process.start(m_cli, QStringList { QStringLiteral("bench") } + arguments);
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            return QStringLiteral("did not finish: ") + QString::fromLocal8Bit(process.readAllStandardError());
        }
        const QString output = QString::fromLocal8Bit(process.readAllStandardOutput());
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            return QStringLiteral("exit code %1: %2\n%3")
                .arg(process.exitCode())
                .arg(output, QString::fromLocal8Bit(process.readAllStandardError()));
        }
        return output;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_CLI(m_cli);
        DINOLENS_REQUIRE_DATA("brain-tumor");
        QVERIFY(m_dir.isValid());
        m_run = m_dir.filePath(QStringLiteral("run"));
        QProcess train;
        train.setProcessChannelMode(QProcess::MergedChannels);
        train.start(m_cli,
            { QStringLiteral("train"), QStringLiteral("--data"),
                QString::fromStdString(dinolens::test::dataPath("brain-tumor").string()),
                QStringLiteral("--base-model"), QStringLiteral("random-small"), QStringLiteral("--epochs"),
                QStringLiteral("1"), QStringLiteral("--batch-size"), QStringLiteral("4"),
                QStringLiteral("--max-images"), QStringLiteral("4"), QStringLiteral("--resolution"),
                QStringLiteral("64"), QStringLiteral("--threads"), QStringLiteral("1"),
                QStringLiteral("--no-validation"), QStringLiteral("--out"), m_run });
        QVERIFY(train.waitForFinished(300000));
        QVERIFY2(train.exitCode() == 0, train.readAll().constData());
    }

    void benchIo()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        const QString out = bench({ QStringLiteral("io"), QStringLiteral("--repeats"), QStringLiteral("1"),
            QStringLiteral("--threads"), QStringLiteral("1") });
        EXPECT_FIGURES(header, out, "bench io: best of (N), (N) decoding threads", 2);
        QCOMPARE(header, (QList<double> { 1, 1 }));
        // file MB, vol MB, read ms, decode ms, decoded MB/s, ratio
        EXPECT_FIGURES(total, out, "total (N) (N) (N) (N) (N) (N)", 6);
        for (const double figure : total) {
            QVERIFY2(figure > 0.0, qPrintable(out));
        }
    }

    void benchTrain()
    {
        const QString out = bench({ QStringLiteral("train"), QStringLiteral("--base-model"),
            QStringLiteral("random-small"), QStringLiteral("--images"), QStringLiteral("4"),
            QStringLiteral("--resolution"), QStringLiteral("64"), QStringLiteral("--batch-size"), QStringLiteral("4"),
            QStringLiteral("--threads"), QStringLiteral("1") });
        EXPECT_FIGURES(header, out, "bench train: random-small, (N) images at (N) px, batch (N), (N) threads", 4);
        QCOMPARE(header, (QList<double> { 4, 64, 4, 1 }));
        for (const char* row : { "backbone pass (feature cache fill) (N) s wall (N) s CPU",
                 "one epoch, cached features (N) s wall (N) s CPU",
                 "one epoch, backbone on every batch (N) s wall (N) s CPU",
                 "10 epochs incl. cache fill (N) s wall (N) s CPU" }) {
            EXPECT_FIGURES(times, out, row, 2);
            QVERIFY(times[0] >= 0.0 && times[1] >= 0.0);
        }
        EXPECT_FIGURES(ratio, out, "uncached / cached epoch: (N)x wall, (N)x CPU", 2);
        EXPECT_FIGURES(goal, out, "10 epochs = (N) x one backbone pass wall, (N) x CPU (goal <= (N))", 3);
        QVERIFY(goal[0] > 0.0);
    }

    void benchSegment()
    {
        DINOLENS_REQUIRE_DATA(kVolume);
        const QString out = bench({ QStringLiteral("segment"), QStringLiteral("--input"),
            QString::fromStdString(dinolens::test::dataPath(kVolume).string()), QStringLiteral("--model"), m_run,
            QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("8"),
            QStringLiteral("--repeat"), QStringLiteral("1") });
        EXPECT_FIGURES(header, out, ": (N)x(N)x(N), model", 3);
        QCOMPARE(header, (QList<double> { 256, 256, 24 }));
        // The baseline's forward passes run over the slices segment sends: 24 thick slices, no reformatted planes.
        EXPECT_FIGURES(slices, out, "planes auto (acquired: (N) slices)", 1);
        QCOMPARE(slices[0], 24.0);
        for (const char* row : { "read volume (N) (N)", "forward pass (batches) (N) (N) ((N) ms wall per slice)",
                 "baseline (N) (N)", "(segmentVolume in-process (N) (N):", "segment (whole process) (N) (N)" }) {
            EXPECT_FIGURES(times, out, row, QString::fromLatin1(row).count(QStringLiteral("(N)")));
            QVERIFY(times[0] >= 0.0);
        }
        EXPECT_FIGURES(overhead, out, "overhead (N)% (N)%", 2);
        EXPECT_FIGURES(memory, out, "peak RSS: segment (N) MiB, baseline process (N) MiB", 2);
        QVERIFY(memory[0] > 0.0 && memory[1] > 0.0);
    }

    void benchServer()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid/images");
        const QString out = bench({ QStringLiteral("server"), QStringLiteral("--model"), m_run,
            QStringLiteral("--clients"), QStringLiteral("2"), QStringLiteral("--seconds"), QStringLiteral("0.2"),
            QStringLiteral("--rounds"), QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1"),
            QStringLiteral("--max-batch"), QStringLiteral("2") });
        for (const char* row :
            { "batched clients (N): (N) req/s p50 (N) ms p99 (N) ms p99/p50 (N) requests (N) failures (N)",
                "one-at-a-time clients (N): (N) req/s p50 (N) ms p99 (N) ms p99/p50 (N) requests (N) failures (N)" }) {
            EXPECT_FIGURES(run, out, row, 7);
            QVERIFY2(run[1] > 0.0 && run[5] > 0.0, qPrintable(out)); // some requests answered
            QCOMPARE(run[6], 0.0); // and none failed
            QVERIFY(run[2] > 0.0 && run[3] >= run[2]);
        }
        EXPECT_FIGURES(gain, out, "batching gain at (N) clients: (N)x", 2);
        QCOMPARE(gain[0], 2.0);
        QVERIFY(gain[1] > 0.0);
        EXPECT_FIGURES(ceiling, out,
            "model compute per image (in process): alone (N) ms, in batches of (N) (N) ms: compute bounds the "
            "batching gain at (N)x here",
            4);
        QVERIFY(ceiling[0] > 0.0 && ceiling[2] > 0.0);
    }

    void benchStartup()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        if (QProcess::execute(
                QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import pydicom") })
            != 0) {
            QSKIP("bench startup compares with pydicom: /usr/bin/python3 cannot import it (python3-pydicom)");
        }
        const QString viewer = qEnvironmentVariable("DINOLENS_VIEWER");
        QStringList arguments = { QStringLiteral("startup"), QStringLiteral("--repeats"), QStringLiteral("1") };
        arguments += viewer.isEmpty() ? QStringList { QStringLiteral("--no-viewer") }
                                      : QStringList { QStringLiteral("--viewer"), viewer };
        const QString out = bench(arguments);
        EXPECT_FIGURES(header, out, "median of (N) runs", 1);
        for (const char* row : { "dinolens-cli --version (N) s", "dinolens-cli info <file> (N) s",
                 "python3 pydicom.dcmread(<file>) (N) s", "ratio info / pydicom (N)" }) {
            EXPECT_FIGURES(seconds, out, row, 1);
            QVERIFY(seconds[0] > 0.0);
        }
        if (!viewer.isEmpty()) {
            EXPECT_FIGURES(window, out, "dinolens: first window shown, then exit (N) s", 1);
            QVERIFY(window[0] > 0.0);
        }
    }

    // --eager: the whole features job of DINOv3 ViT-B/16 against the eager PyTorch reference (python3-torch).
    void benchStartupFeaturesJob()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        const QString script = qEnvironmentVariable("DINOLENS_EAGER_SCRIPT");
        if (script.isEmpty()) {
            QSKIP("DINOLENS_EAGER_SCRIPT is not set (run through ctest)");
        }
        if (QProcess::execute(
                QStringLiteral("/usr/bin/python3"), { QStringLiteral("-c"), QStringLiteral("import pydicom, torch") })
            != 0) {
            QSKIP("--eager needs /usr/bin/python3 with python3-torch and python3-pydicom");
        }
        const QStringList common = { QStringLiteral("startup"), QStringLiteral("--repeats"), QStringLiteral("1"),
            QStringLiteral("--no-viewer") };
        const QString missing
            = bench(common + QStringList { QStringLiteral("--eager"), m_dir.filePath(QStringLiteral("none.py")) });
        QVERIFY2(
            missing.startsWith(QStringLiteral("exit code 1")) && missing.contains(QStringLiteral("make-vitb failed")),
            qPrintable(missing));

        const QString out = bench(common + QStringList { QStringLiteral("--eager"), script }, 600000);
        QVERIFY2(out.contains(QStringLiteral("DINOv3 ViT-B/16 (random weights), 8 images 224 x 224")), qPrintable(out));
        for (const char* row : { "dinolens-cli features (whole job) (N) s", "eager PyTorch (whole job) (N) s",
                 "ratio features / eager PyTorch (N)" }) {
            EXPECT_FIGURES(seconds, out, row, 1);
            QVERIFY(seconds[0] > 0.0);
        }
    }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "tst_cli_bench.moc"
