// Compare mode through the real window on a real volume with two real (tiny) trained runs: both sides segment,
// the disagreement view and the Dice strip match the predictions, a strip click jumps to its slice, and scroll,
// window/level and zoom stay synchronised.
#include <QApplication>
#include <QTemporaryDir>
#include <QWheelEvent>
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/ui/compare_window.h"
#include "dinolens/ui/dice_strip.h"
#include "dinolens/ui/model_comparison.h"
#include "dinolens/ui/segmentation_controller.h"
#include "model_test_support.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

namespace {
const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
}

class TestCompareWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void comparesTwoModelsAndStripJumps();
    void cleanupTestCase();

private:
    QTemporaryDir m_models;
    std::unique_ptr<MainWindow> m_window;
};

void TestCompareWindow::initTestCase()
{
    dinolens::test::useTestSettings();
    QSettings().clear();
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    DINOLENS_REQUIRE_DATA(kVolume);
    QVERIFY(m_models.isValid());
    for (const auto& [name, epochs] : { std::pair { "model-a", 2 }, std::pair { "model-b", 1 } }) {
        const QString problem = dinolens::test::trainTinyRun(m_models.filePath(QString::fromUtf8(name)), epochs);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    qputenv("DINOLENS_MODELS", m_models.path().toUtf8());
}

void TestCompareWindow::cleanupTestCase()
{
    m_window.reset();
}

void TestCompareWindow::comparesTwoModelsAndStripJumps()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 760);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(dinolens::test::openAndWait(*m_window, kVolume, true));
    m_window->showCompareWindow();
    CompareWindow* compare = m_window->compareWindow();
    QVERIFY(QTest::qWaitForWindowExposed(compare));
    compare->setModels(m_models.filePath(QStringLiteral("model-a")), m_models.filePath(QStringLiteral("model-b")));
    QSignalSpy finished(compare, &CompareWindow::comparisonFinished);
    QVERIFY(compare->compare());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 120000);
    QCOMPARE(compare->controller(0)->state(), core::JobState::Completed);
    QCOMPARE(compare->controller(1)->state(), core::JobState::Completed);

    // The disagreement view holds A only / B only / both of the two predictions.
    const core::LabelMask* a = compare->document(0)->prediction();
    const core::LabelMask* b = compare->document(1)->prediction();
    QVERIFY(a != nullptr && b != nullptr);
    QVERIFY(compare->document(2)->prediction()->labels == disagreementMask(*a, *b).labels);

    // One strip column per slice, equal to the per-slice Dice; a click jumps there in every view.
    const int depth = m_window->document()->volume()->dims[2];
    DiceStrip* strip = compare->diceStrip();
    QCOMPARE(strip->sliceCount(), depth);
    const auto expected = perSliceDice(*a, *b, std::vector<bool>(static_cast<std::size_t>(depth), true));
    for (int k = 0; k < depth; ++k) {
        QCOMPARE(strip->betweenModels()[static_cast<std::size_t>(k)], expected[static_cast<std::size_t>(k)]);
    }
    const int target = depth / 3 == m_window->document()->cursor()[2] ? depth / 3 + 1 : depth / 3;
    QTest::mouseClick(strip, Qt::LeftButton, {}, QPointF(strip->columnCentre(target), strip->height() / 2.0).toPoint());
    QCOMPARE(m_window->document()->cursor()[2], target);
    QCOMPARE(compare->document(0)->cursor()[2], target);
    QCOMPARE(compare->document(1)->cursor()[2], target);
    QCOMPARE(compare->view(0)->slice(), compare->view(1)->slice());

    // Scroll on side B moves the main window; window/level and zoom follow across the sides.
    compare->view(1)->scrollSlices(1);
    QCOMPARE(m_window->document()->cursor()[2], target + 1);
    QCOMPARE(compare->document(0)->cursor()[2], target + 1);
    core::WindowLevel window = m_window->document()->window();
    window.width *= 0.5;
    window.name = "Manual";
    compare->document(0)->setWindow(window);
    QCOMPARE(m_window->document()->window().width, window.width);
    QCOMPARE(compare->document(1)->window().width, window.width);
    QWheelEvent zoom(QPointF(40, 40), compare->view(0)->mapToGlobal(QPointF(40, 40)), QPoint(), QPoint(0, 240),
        Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(compare->view(0), &zoom);
    QVERIFY(compare->view(0)->transform().zoom() > 1.2);
    QCOMPARE(compare->view(1)->transform().zoom(), compare->view(0)->transform().zoom());
    QCOMPARE(compare->view(2)->transform().panX(), compare->view(0)->transform().panX());
}

QTEST_MAIN(TestCompareWindow)
#include "tst_compare_window.moc"
