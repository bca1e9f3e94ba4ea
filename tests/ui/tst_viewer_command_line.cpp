// The viewer's command line. `dinolens --mask <mask> <volume>`: the window built from that command line (as main()
// builds it) shows the volume with that mask, voxel for voxel, where the same volume alone has none. The dinolens
// executable itself, offscreen: `--headless <folder> --model <run> --compare-model demo <study>` writes its report
// and screenshots, and `--bench-ui` prints its figures as numbers.
#include <QCommandLineParser>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>

#include "dinolens/core/nifti_reader.h"
#include "dinolens/ui/segmentation_jobs.h"
#include "dinolens/ui/viewer_command_line.h"
#include "model_test_support.h"
#include "viewer_test_support.h"

using namespace dinolens;

namespace {

const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
const std::string kMask = "nifti/brain-tumor-progression/01/Post_Mask.nii.gz";

bool completeVolumeShown(const QSignalSpy& shown)
{
    return std::any_of(
        shown.begin(), shown.end(), [](const QList<QVariant>& arguments) { return arguments.at(0).toBool(); });
}

} // namespace

class TestViewerCommandLine : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_folder;
    QString m_viewer;
    QString m_run;

    // The dinolens executable offscreen, with its settings and data in the test's folder; its exit code and output.
    int runViewer(const QStringList& arguments, QString& output, int timeoutMs = 300000)
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_folder.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_DATA_HOME"), m_folder.filePath(QStringLiteral("data")));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_viewer, arguments);
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            output = QStringLiteral("did not finish: ") + QString::fromLocal8Bit(process.readAll());
            return -1;
        }
        output = QString::fromLocal8Bit(process.readAll());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::useTestSettings();
        QSettings().clear();
        DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
        DINOLENS_REQUIRE_DATA(kVolume);
        m_run = m_folder.filePath(QStringLiteral("run"));
        const QString problem = test::trainTinyRun(m_run, 1);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_viewer = qEnvironmentVariable("DINOLENS_VIEWER");
    }

    void maskOptionOpensTheMaskWithTheVolume()
    {
        // Renamed copies: nothing beside the volume names the mask, so only --mask can bring it.
        QTemporaryDir dir;
        const QString volume = dir.filePath(QStringLiteral("scan.nii.gz"));
        const QString mask = dir.filePath(QStringLiteral("labels.nii.gz"));
        QVERIFY(QFile::copy(test::dataString(kVolume), volume));
        QVERIFY(QFile::copy(test::dataString(kMask), mask));

        QCommandLineParser parser;
        ui::addViewerOptions(parser);
        QVERIFY(parser.parse({ QStringLiteral("dinolens"), QStringLiteral("--mask"), mask, volume }));
        const ui::ViewerCommandLine line = ui::viewerCommandLine(parser);
        ui::MainWindow window;
        window.show();
        QSignalSpy masked(&window, &ui::MainWindow::maskShown);
        ui::openCommandLine(window, line);
        QTRY_VERIFY_WITH_TIMEOUT(masked.count() > 0, test::kWaitMs);
        const core::LabelMask* shown = window.document()->groundTruth();
        QVERIFY(shown != nullptr);
        auto expected = core::loadNifti(mask.toStdString());
        QVERIFY(expected.ok());
        QCOMPARE(shown->dims, expected->dims);
        std::size_t inside = 0;
        for (std::size_t i = 0; i < expected->voxelCount(); ++i) {
            QCOMPARE(shown->labels[i] != 0, expected->value(i) != 0.0);
            inside += shown->labels[i] != 0 ? 1 : 0;
        }
        QVERIFY(inside > 0);

        // The same volume without --mask: no mask.
        QCommandLineParser plain;
        ui::addViewerOptions(plain);
        QVERIFY(plain.parse({ QStringLiteral("dinolens"), volume }));
        ui::MainWindow alone;
        alone.show();
        QSignalSpy shownAlone(&alone, &ui::MainWindow::volumeShown);
        ui::openCommandLine(alone, ui::viewerCommandLine(plain));
        QTRY_VERIFY_WITH_TIMEOUT(completeVolumeShown(shownAlone), test::kWaitMs);
        QCoreApplication::processEvents();
        QVERIFY(alone.document()->groundTruth() == nullptr);
    }

    void headlessWithCompareModelWritesItsReport()
    {
        if (m_viewer.isEmpty()) {
            QSKIP("DINOLENS_VIEWER does not name the built dinolens (CTest sets it)");
        }
        const QString out = m_folder.filePath(QStringLiteral("report"));
        const QString demo = QDir(ui::defaultModelsFolder()).filePath(QStringLiteral("demo"));
        if (!QFileInfo::exists(demo + QStringLiteral("/config.json"))) {
            QSKIP("the demo model (models/demo) is missing");
        }
        QString output;
        const int code
            = runViewer({ QStringLiteral("--headless"), out, QStringLiteral("--model"), m_run,
                            QStringLiteral("--compare-model"), QStringLiteral("demo"), test::dataString(kVolume) },
                output);
        QVERIFY2(code == 0, qPrintable(output));
        const QString reportPath = QDir(out).filePath(QStringLiteral("report.md"));
        QVERIFY2(output.contains(QStringLiteral("Report: ") + reportPath), qPrintable(output));
        QFile report(reportPath);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(report.readAll());
        QVERIFY2(text.contains(QStringLiteral("- Study: ") + QFileInfo(test::dataString(kVolume)).canonicalFilePath()),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("- Model A: %1 (").arg(m_run)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("- Model B: %1\n").arg(demo)), qPrintable(text)); // "demo" resolved
        QVERIFY2(text.contains(QStringLiteral("- Slices segmented: 24\n")), qPrintable(text));
        // Both models ran against the mask found beside the study.
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Dice vs ground truth, model A: [01]\\.[0-9]"))),
            qPrintable(text));
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("Dice vs ground truth, model B: [01]\\.[0-9]"))),
            qPrintable(text));
        for (const char* name : { "window.png", "compare.png", "segmentation-panel.png", "overlay-panel.png" }) {
            QVERIFY2(!QImage(QDir(out).filePath(QString::fromUtf8(name))).isNull(), name);
        }
    }

    void headlessWithoutModelIsAUsageError()
    {
        if (m_viewer.isEmpty()) {
            QSKIP("DINOLENS_VIEWER does not name the built dinolens (CTest sets it)");
        }
        QString output;
        QCOMPARE(runViewer({ QStringLiteral("--headless"), m_folder.filePath(QStringLiteral("unused")),
                               test::dataString(kVolume) },
                     output),
            2);
        QVERIFY2(output.contains(QStringLiteral("--headless needs --model")), qPrintable(output));
    }

    void benchUiPrintsItsFigures()
    {
        if (m_viewer.isEmpty()) {
            QSKIP("DINOLENS_VIEWER does not name the built dinolens (CTest sets it)");
        }
        QString output;
        const int code
            = runViewer({ QStringLiteral("--bench-ui"), QStringLiteral("--model"), m_run, QStringLiteral("--frames"),
                            QStringLiteral("10"), QStringLiteral("--threads"), QStringLiteral("1") },
                output);
        QVERIFY2(code == 0, qPrintable(output));
        const QString number = QStringLiteral("([0-9]+(?:\\.[0-9]+)?)");
        const QRegularExpressionMatch render = QRegularExpression(
            QStringLiteral("slice render 512x512 \\+ overlay \\(SliceView, 10 frames\\): p50 %1 ms, "
                           "p95 %1 ms, max %1 ms +goal p95 <= %1 ms +(PASS|MISS)")
                .arg(number))
                                                   .match(output);
        QVERIFY2(render.hasMatch(), qPrintable(output));
        QVERIFY(render.captured(1).toDouble() > 0.0);
        QVERIFY(render.captured(2).toDouble() >= render.captured(1).toDouble());
        QVERIFY(render.captured(3).toDouble() >= render.captured(2).toDouble());
        const QRegularExpressionMatch stall = QRegularExpression(
            QStringLiteral("GUI stall while segmenting %1 slices in the background \\(%1 s, 1 "
                           "thread\\(s\\)\\): longest gap %1 ms, p99 %1 ms +goal <= %1 ms +(PASS|MISS)")
                .arg(number))
                                                  .match(output);
        QVERIFY2(stall.hasMatch(), qPrintable(output));
        QCOMPARE(stall.captured(1).toInt(), 24); // every slice of the real volume
        QVERIFY(stall.captured(2).toDouble() > 0.0);
        QVERIFY(stall.captured(3).toDouble() >= stall.captured(4).toDouble());
    }
};

QTEST_MAIN(TestViewerCommandLine)
#include "tst_viewer_command_line.moc"
