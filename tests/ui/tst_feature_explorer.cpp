// Feature exploration through the real window on a real volume with a real (tiny) trained run: PCA maps of both
// backbones, colours fixed per series, and a click that changes the similarity heatmaps of both.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/ui/feature_explorer.h"
#include "model_test_support.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;

namespace {
const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
}

class TestFeatureExplorer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pcaMapsAndSimilarityClick();

private:
    QTemporaryDir m_models;
};

void TestFeatureExplorer::initTestCase()
{
    dinolens::test::useTestSettings();
    QSettings().clear();
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    DINOLENS_REQUIRE_DATA(kVolume);
    QVERIFY(m_models.isValid());
    const QString problem = dinolens::test::trainTinyRun(m_models.filePath(QStringLiteral("run")), 1);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString dinov2
        = dinolens::test::writeTinyDinov2Architecture(m_models.filePath(QStringLiteral("dinov2.json")));
    QVERIFY(!dinov2.isEmpty());
    const QString other = dinolens::test::trainTinyRun(m_models.filePath(QStringLiteral("run-v2")), 1, dinov2);
    QVERIFY2(other.isEmpty(), qPrintable(other));
    qputenv("DINOLENS_MODELS", m_models.path().toUtf8());
}

void TestFeatureExplorer::pcaMapsAndSimilarityClick()
{
    MainWindow window;
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(dinolens::test::openAndWait(window, kVolume));
    window.showFeatureExplorer();
    FeatureExplorer* explorer = window.featureExplorer();
    QVERIFY(QTest::qWaitForWindowExposed(explorer));
    // Two different backbones: DINOv3 (patch 16) on the left, DINOv2 (patch 14) on the right.
    explorer->setModels(m_models.filePath(QStringLiteral("run")), m_models.filePath(QStringLiteral("run-v2")));
    QSignalSpy finished(explorer, &FeatureExplorer::featuresFinished);
    QVERIFY(explorer->compute());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 0, 120000);
    QVERIFY2(explorer->features(0).ready(), qPrintable(explorer->statusText()));
    const int depth = window.document()->volume()->dims[2];
    QCOMPARE(static_cast<int>(explorer->features(0).grids.size()), depth);
    QVERIFY2(explorer->features(1).ready(), qPrintable(explorer->statusText()));
    QCOMPARE(static_cast<int>(explorer->features(1).grids.size()), depth);
    // Each side shows its own backbone's patch grid: 112 px / 16 = 7 patches against 112 px / 14 = 8.
    QCOMPARE(explorer->features(0).grids.front().shape[1], int64_t { 7 });
    QCOMPARE(explorer->features(1).grids.front().shape[1], int64_t { 8 });
    const QImage pca = explorer->pcaView(0)->image();
    QVERIFY(explorer->pcaView(1)->image() != pca);
    QVERIFY(!pca.isNull());
    QVERIFY(pca.pixel(0, 0) != pca.pixel(pca.width() / 2, pca.height() / 2) || pca.width() == 1);

    // Colours come from one projection per series: going away and back gives the same picture.
    auto cursor = window.document()->cursor();
    window.document()->setCursor({ cursor[0], cursor[1], (cursor[2] + 1) % depth });
    window.document()->setCursor(cursor);
    QCOMPARE(explorer->pcaView(0)->image(), pca);

    // A click on a PCA map shows the similarity of that patch on both backbones; another point changes it.
    QVERIFY(explorer->similarityView(0)->image().isNull());
    FeatureImageView* view = explorer->pcaView(0);
    QTest::mouseClick(view, Qt::LeftButton, {}, view->widgetPosition(0.5, 0.5).toPoint());
    const QImage first = explorer->similarityView(0)->image();
    QVERIFY(!first.isNull());
    QVERIFY(!explorer->similarityView(1)->image().isNull());
    // The clicked patch is most similar to itself: brightest (viridis yellow) at the centre.
    const QColor centre = first.pixelColor(first.width() / 2, first.height() / 2);
    QVERIFY2(centre.red() > 200 && centre.green() > 200, qPrintable(centre.name()));
    QTest::mouseClick(view, Qt::LeftButton, {}, view->widgetPosition(0.05, 0.05).toPoint());
    QVERIFY(explorer->similarityView(0)->image() != first);

    // An earlier layer: the residual stream after layer 1 gives other features, fitted anew.
    explorer->setFeatureLayer(1);
    QVERIFY(explorer->compute());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() > 1, 120000);
    QVERIFY2(explorer->features(0).ready(), qPrintable(explorer->statusText()));
    QCOMPARE(explorer->features(0).layer, 1);
    QVERIFY(explorer->features(0).backboneLayers >= 1);
    QVERIFY2(explorer->statusText().contains(QStringLiteral("layer 1 of")), qPrintable(explorer->statusText()));
    QCOMPARE(static_cast<int>(explorer->features(0).grids.size()), depth);
    QVERIFY(explorer->pcaView(0)->image() != pca);
}

QTEST_MAIN(TestFeatureExplorer)
#include "tst_feature_explorer.moc"
