// The sample job without a display (what packaging/run-sample.sh runs headless): open the real tumour volume,
// segment it, compare two real tiny runs, and write the report and screenshots.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/ui/headless_session.h"
#include "model_test_support.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;

namespace {
const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
}

class TestHeadlessSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writesReportAndScreenshots();
    void unreadableStudyFails();

private:
    QTemporaryDir m_folder;
};

void TestHeadlessSession::initTestCase()
{
    dinolens::test::useTestSettings();
    QSettings().clear();
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    DINOLENS_REQUIRE_DATA(kVolume);
    const QString problem = dinolens::test::trainTinyRun(m_folder.filePath(QStringLiteral("run")), 1);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString dinov2
        = dinolens::test::writeTinyDinov2Architecture(m_folder.filePath(QStringLiteral("dinov2.json")));
    QVERIFY(!dinov2.isEmpty());
    const QString other = dinolens::test::trainTinyRun(m_folder.filePath(QStringLiteral("run-v2")), 1, dinov2);
    QVERIFY2(other.isEmpty(), qPrintable(other));
}

void TestHeadlessSession::writesReportAndScreenshots()
{
    MainWindow window;
    window.show();
    const QString out = m_folder.filePath(QStringLiteral("report"));
    HeadlessSession session(&window, out);
    QSignalSpy finished(&session, &HeadlessSession::finished);
    const QString runA = m_folder.filePath(QStringLiteral("run"));
    const QString runB = m_folder.filePath(QStringLiteral("run-v2"));
    session.start(dinolens::test::dataString(kVolume), runA, runB);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
    QCOMPARE(finished.front().at(0).toInt(), 0);
    QVERIFY(finished.front().at(1).toString().contains(session.reportPath()));
    QFile report(session.reportPath());
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(report.readAll());
    const int depth = window.document()->volume()->dims[2];
    QVERIFY2(text.contains(QStringLiteral("Slices segmented: %1").arg(depth)), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("Dice vs ground truth, model A: 0."))); // the NIfTI mask was found
    QVERIFY2(text.contains(QStringLiteral("- Model A: %1 (").arg(runA)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("- Model B: %1\n").arg(runB)), qPrintable(text));
    // Both sides ran: model B (the DINOv2 run) has its own overlap with the ground truth.
    QVERIFY2(text.contains(QStringLiteral("Dice vs ground truth, model B: 0.")), qPrintable(text));
    for (const char* name : { "window.png", "compare.png", "segmentation-panel.png", "overlay-panel.png" }) {
        QVERIFY2(!QImage(QDir(out).filePath(QString::fromUtf8(name))).isNull(), name);
    }
}

void TestHeadlessSession::unreadableStudyFails()
{
    MainWindow window;
    window.show();
    HeadlessSession session(&window, m_folder.filePath(QStringLiteral("missing")));
    QSignalSpy finished(&session, &HeadlessSession::finished);
    session.start(
        m_folder.filePath(QStringLiteral("no-such-study.nii.gz")), m_folder.filePath(QStringLiteral("run")), {});
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, dinolens::test::kWaitMs);
    QCOMPARE(finished.front().at(0).toInt(), 1);
    QVERIFY(!finished.front().at(1).toString().isEmpty());
}

QTEST_MAIN(TestHeadlessSession)
#include "tst_headless_session.moc"
