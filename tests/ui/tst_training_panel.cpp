// Training from the viewer through the real window on real data: a tiny real run with live train and validation
// curves, the viewer usable meanwhile, the finished run in the model list, a second run overlaid, and stop then
// resume.
#include <QComboBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/ui/segmentation_panel.h"
#include "dinolens/ui/training_controller.h"
#include "dinolens/ui/training_panel.h"
#include "dinolens/ui/training_plot.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

namespace {
constexpr int kTrainMs = 180000;
}

class TestTrainingPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void trainsWithLiveCurvesAndAddsTheModel();
    void stopThenResume();
    void legendsGiveWayInLowPanes();

private:
    void configureTinyRun(int epochs, const QString& runDir);
    QTemporaryDir m_runs;
    std::unique_ptr<MainWindow> m_window;
};

void TestTrainingPanel::initTestCase()
{
    dinolens::test::useTestSettings();
    QSettings().clear();
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    QVERIFY(m_runs.isValid());
    qputenv("DINOLENS_MODELS", m_runs.filePath(QStringLiteral("no-demo-model")).toUtf8());
}

void TestTrainingPanel::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 760);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestTrainingPanel::cleanup()
{
    m_window.reset();
}

void TestTrainingPanel::configureTinyRun(int epochs, const QString& runDir)
{
    TrainingPanel* panel = m_window->trainingPanel();
    panel->setDataFolder(dinolens::test::dataString("brain-tumor"));
    panel->setEpochs(epochs);
    panel->setBatchSize(2);
    panel->setResolution(112);
    panel->setMaxImages(8);
    panel->setValidationMaxImages(4);
    panel->setRunFolder(runDir);
}

void TestTrainingPanel::trainsWithLiveCurvesAndAddsTheModel()
{
    const QString run = m_runs.filePath(QStringLiteral("first"));
    configureTinyRun(2, run);
    TrainingController* training = m_window->training();
    QSignalSpy curves(training, &TrainingController::curvesChanged);
    auto* start = m_window->trainingPanel()->findChild<QPushButton*>(QStringLiteral("trainStartButton"));
    QVERIFY(start != nullptr && start->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);
    QVERIFY(training->isActive());
    // The viewer stays usable while the head trains: a series opens and shows.
    QVERIFY(dinolens::test::openAndWait(
        *m_window, "brain-tumor/train/images/1002_jpg.rf.74495c845455dec52db120e378834be9.jpg"));
    QTRY_COMPARE_WITH_TIMEOUT(training->state(), core::JobState::Completed, kTrainMs);
    QVERIFY(curves.count() >= 3);
    TrainingPlot* plot = m_window->trainingPanel()->plot();
    QVERIFY(plot->lossPointCount(0) >= 2); // steps
    QCOMPARE(plot->lossPointCount(1), 2); // epochs
    QCOMPARE(plot->dicePointCount(0), 2);
    QCOMPARE(plot->lossPointCount(4), 2); // validation loss
    for (int c = 1; c < 4; ++c) {
        QCOMPARE(plot->dicePointCount(c + 5), 2); // validation Dice, dashed
    }
    QCOMPARE(training->curves().validLoss().size(), std::size_t { 2 });
    QVERIFY(std::isfinite(training->curves().validLoss().back().y));
    QCOMPARE(plot->lossPointCount(2), 0); // no previous run yet
    QVERIFY(QFileInfo::exists(run + QStringLiteral("/head.safetensors")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->segmentationPanel()->modelRuns().contains(QDir(run).absolutePath()), kWaitMs);

    // A second run is drawn over the first.
    configureTinyRun(1, m_runs.filePath(QStringLiteral("second")));
    QVERIFY(m_window->trainingPanel()->startTraining());
    QTRY_COMPARE_WITH_TIMEOUT(training->state(), core::JobState::Completed, kTrainMs);
    QCOMPARE(plot->lossPointCount(1), 1);
    QCOMPARE(plot->lossPointCount(3), 2); // the first run, dotted
    QCOMPARE(plot->dicePointCount(3), 2);
    QCOMPARE(plot->lossPointCount(4), 1); // this run's validation
    QCOMPARE(plot->lossPointCount(5), 2); // the first run's validation
    QCOMPARE(plot->dicePointCount(9), 2);
}

void TestTrainingPanel::stopThenResume()
{
    const QString run = m_runs.filePath(QStringLiteral("stopped"));
    configureTinyRun(40, run);
    TrainingController* training = m_window->training();
    QVERIFY(m_window->trainingPanel()->startTraining());
    QTRY_VERIFY_WITH_TIMEOUT(training->curves().epochs() >= 1, kTrainMs);
    training->stop();
    QTRY_COMPARE_WITH_TIMEOUT(training->state(), core::JobState::Cancelled, kTrainMs);
    const int stoppedAt = training->curves().epochs();
    QVERIFY2(stoppedAt < 40, qPrintable(QString::number(stoppedAt)));
    QVERIFY(m_window->messageText().isEmpty()); // stopping is not an error
    QVERIFY(QFileInfo::exists(run + QStringLiteral("/checkpoint.safetensors")));
    // Resume continues from the checkpoint (its epochs are not redone) and is stopped again.
    QVERIFY(m_window->trainingPanel()->resumeTraining());
    QTRY_VERIFY_WITH_TIMEOUT(training->curves().epochs() >= 1, kTrainMs);
    QVERIFY(training->curves().epochLoss().front().x > stoppedAt);
    training->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!training->isActive(), kTrainMs);
    QVERIFY(training->state() == core::JobState::Cancelled || training->state() == core::JobState::Completed);
}

// A legend in a pane too low for it would cover the curves (small window sizes): it is hidden there.
void TestTrainingPanel::legendsGiveWayInLowPanes()
{
    TrainingPlot plot;
    plot.resize(340, 520);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QTRY_VERIFY(plot.legendsVisible());
    plot.resize(340, 260);
    QTRY_VERIFY(!plot.legendsVisible());
    plot.resize(340, 600);
    QTRY_VERIFY(plot.legendsVisible());
}

QTEST_MAIN(TestTrainingPanel)
#include "tst_training_panel.moc"
