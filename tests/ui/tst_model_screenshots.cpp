// Screenshots of the model panels and windows (segmentation, training with live curves, compare, feature
// explorer) at normal and small sizes, on the real tumour volume with real tiny trained runs. Written to
// DINOLENS_SCREENSHOT_DIR when set (docs/screenshots/ is made this way), else to a temporary folder; each image is
// checked to be non-blank.
#include <QDockWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/ui/compare_window.h"
#include "dinolens/ui/feature_explorer.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_panel.h"
#include "dinolens/ui/training_controller.h"
#include "dinolens/ui/training_panel.h"
#include "model_test_support.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;

namespace {
const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
}

class TestModelScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void screenshots_data();
    void screenshots();

private:
    void save(QWidget* widget, const QString& name);
    QTemporaryDir m_models;
    QTemporaryDir m_temporary;
    QString m_folder;
};

void TestModelScreenshots::initTestCase()
{
    dinolens::test::useTestSettings();
    QSettings().clear();
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    DINOLENS_REQUIRE_DATA(kVolume);
    for (const auto& [name, epochs] : { std::pair { "tiny-a", 3 }, std::pair { "tiny-b", 1 } }) {
        const QString problem = dinolens::test::trainTinyRun(m_models.filePath(QString::fromUtf8(name)), epochs);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    qputenv("DINOLENS_MODELS", m_models.path().toUtf8());
    m_folder = qEnvironmentVariable("DINOLENS_SCREENSHOT_DIR", m_temporary.path());
    QVERIFY(QDir().mkpath(m_folder));
}

void TestModelScreenshots::save(QWidget* widget, const QString& name)
{
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    QSet<QRgb> colours; // a blank (one-colour) grab means nothing was painted
    for (int y = 0; y < image.height(); y += 13) {
        for (int x = 0; x < image.width(); x += 13) {
            colours.insert(image.pixel(x, y));
        }
    }
    QVERIFY2(colours.size() > 8, qPrintable(name));
    const QString path = QDir(m_folder).filePath(name + QStringLiteral(".png"));
    QVERIFY2(image.save(path), qPrintable(path));
}

void TestModelScreenshots::screenshots_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("normal") << QSize(1400, 900) << QStringLiteral("normal");
    QTest::newRow("small") << QSize(960, 620) << QStringLiteral("small");
}

void TestModelScreenshots::screenshots()
{
    QFETCH(QSize, size);
    QFETCH(QString, suffix);
    QSettings().clear(); // the previous row's training run is not in this row's model list
    MainWindow window;
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(window.segmentationPanel()->modelRuns().size() == 2, dinolens::test::kWaitMs);
    QVERIFY(dinolens::test::openAndWait(window, kVolume, true));
    window.findChild<QDockWidget*>(QStringLiteral("segmentationDock"))->raise();
    QVERIFY(window.segmentation()->segmentSeries());
    QTRY_COMPARE_WITH_TIMEOUT(window.segmentation()->state(), core::JobState::Completed, 120000);
    save(&window, QStringLiteral("segmentation-window-") + suffix);
    save(window.segmentationPanel(), QStringLiteral("segmentation-panel-") + suffix);
    auto* edit = window.findChild<QDockWidget*>(QStringLiteral("editDock"));
    edit->raise();
    save(edit->findChild<QWidget*>(QStringLiteral("editPanel")), QStringLiteral("edit-panel-") + suffix);

    // Training: a small run so that the train and validation curves have points and move.
    window.findChild<QDockWidget*>(QStringLiteral("trainingDock"))->raise();
    TrainingPanel* training = window.trainingPanel();
    training->setDataFolder(dinolens::test::dataString("brain-tumor"));
    training->setEpochs(8);
    training->setBatchSize(8);
    training->setLearningRate(0.01);
    training->setResolution(112);
    training->setMaxImages(64);
    training->setValidationMaxImages(32);
    training->setRunFolder(m_temporary.filePath(QStringLiteral("run-") + suffix));
    QVERIFY(training->startTraining());
    QTRY_COMPARE_WITH_TIMEOUT(window.training()->state(), core::JobState::Completed, 180000);
    save(&window, QStringLiteral("training-window-") + suffix);
    save(training, QStringLiteral("training-panel-") + suffix);

    window.showCompareWindow();
    CompareWindow* compare = window.compareWindow();
    compare->resize(size.width(), size.height() * 2 / 3);
    QVERIFY(QTest::qWaitForWindowExposed(compare));
    compare->setModels(m_models.filePath(QStringLiteral("tiny-a")), m_models.filePath(QStringLiteral("tiny-b")));
    QSignalSpy compared(compare, &CompareWindow::comparisonFinished);
    QVERIFY(compare->compare());
    QTRY_VERIFY_WITH_TIMEOUT(compared.count() > 0, 120000);
    save(compare, QStringLiteral("compare-window-") + suffix);

    window.showFeatureExplorer();
    FeatureExplorer* explorer = window.featureExplorer();
    explorer->resize(size.width() * 2 / 3, size.height() * 3 / 4);
    QVERIFY(QTest::qWaitForWindowExposed(explorer));
    explorer->setModels(m_models.filePath(QStringLiteral("tiny-a")), m_models.filePath(QStringLiteral("tiny-b")));
    QSignalSpy featured(explorer, &FeatureExplorer::featuresFinished);
    QVERIFY(explorer->compute());
    QTRY_VERIFY_WITH_TIMEOUT(featured.count() > 0, 120000);
    explorer->selectPoint(0.45, 0.55);
    save(explorer, QStringLiteral("feature-explorer-") + suffix);
}

QTEST_MAIN(TestModelScreenshots)
#include "tst_model_screenshots.moc"
