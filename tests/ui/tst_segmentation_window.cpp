// Segmentation through the real window on real data with a real (tiny) trained run: the overlay shows the
// model's prediction, Dice against the ground truth, cancelling mid-series, the per-slice cache, and a broken or
// missing model reported while the viewer keeps working; a near-isotropic series fused over its three planes as the
// CLI fuses it.
#include <QComboBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest/QtTest>

#include <fstream>
#include <optional>

#include "dinolens/core/segmentation_metrics.h"
#include "dinolens/core/windowing.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/volume_segmentation.h"
#include "dinolens/ui/overlay_panel.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_panel.h"
#include "dinolens/ui/slice_plane.h"
#include "dinolens/ui/study_model.h"
#include "model_test_support.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

namespace {
const std::string kImage = "brain-tumor/train/images/1002_jpg.rf.74495c845455dec52db120e378834be9.jpg";
const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
const std::string kIsotropicSeries = "dicom/series-dwi-sag48"; // 82 x 82 x 48 at 2.7 mm
} // namespace

class TestSegmentationWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void segmentedSliceIsOverlaidWithDice();
    void cancelMidSeriesThenResumeFromCache();
    void isotropicSeriesIsFusedOverThreePlanes();
    void brokenModelShowsErrorAndViewerKeepsWorking();
    void missingModelShowsError();
    void cudaFallbackIsAnnounced();

private:
    bool waitForState(core::JobState state) const;
    QTemporaryDir m_models;
    QString m_run;
    std::unique_ptr<MainWindow> m_window;
};

void TestSegmentationWindow::initTestCase()
{
    dinolens::test::useTestSettings();
    QSettings().clear();
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    QVERIFY(m_models.isValid());
    m_run = m_models.filePath(QStringLiteral("tiny-run"));
    const QString problem = dinolens::test::trainTinyRun(m_run);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The trained run stands in for the shipped demo model.
    qputenv("DINOLENS_MODELS", m_models.path().toUtf8());
}

void TestSegmentationWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 760);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->segmentationPanel()->modelRuns().contains(m_run), kWaitMs);
}

void TestSegmentationWindow::cleanup()
{
    m_window.reset();
}

bool TestSegmentationWindow::waitForState(core::JobState state) const
{
    return QTest::qWaitFor([&] { return m_window->segmentation()->state() == state; }, 60000);
}

void TestSegmentationWindow::segmentedSliceIsOverlaidWithDice()
{
    DINOLENS_REQUIRE_DATA(kImage);
    QVERIFY(dinolens::test::openAndWait(*m_window, kImage, true));
    QVERIFY(m_window->document()->groundTruth() != nullptr);
    QCOMPARE(m_window->segmentation()->modelFolder(), m_run);
    auto* button = m_window->segmentationPanel()->findChild<QPushButton*>(QStringLiteral("segmentSliceButton"));
    QVERIFY(button != nullptr && button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(waitForState(core::JobState::Completed));

    // The prediction shown equals the model's own output on the windowed slice.
    const ViewerDocument& document = *m_window->document();
    QCOMPARE(document.shownLayer(), MaskLayer::Prediction);
    const core::LabelMask* prediction = document.prediction();
    QVERIFY(prediction != nullptr);
    auto predictor = inference::SegmentationPredictor::open(m_run.toStdString(), { .threads = 1 });
    QVERIFY(predictor.ok());
    const core::Volume& volume = *document.volume();
    auto grey = core::windowSlice(volume, 0, document.window());
    QVERIFY(grey.ok());
    auto expected = predictor->predict(grey->data(), volume.dims[0], volume.dims[1]);
    QVERIFY(expected.ok());
    QVERIFY(expected->mask.labels == prediction->labels);

    // Where the model predicted tumour the slice is coloured, elsewhere it is grey.
    SliceView* view = m_window->sliceView(ViewAxis::Axial);
    const auto labels = resliceLabels(*prediction, view->plane(), view->slice());
    int coloured = 0;
    int checked = 0;
    for (int y = 0; y < view->plane().height(); y += 7) {
        for (int x = 0; x < view->plane().width(); x += 7) {
            const QColor c = view->sliceImage().pixelColor(x, y);
            const bool isGrey = c.red() == c.green() && c.green() == c.blue();
            const bool tumour = labels[static_cast<std::size_t>(y * view->plane().width() + x)] != 0;
            coloured += tumour && !isGrey ? 1 : 0;
            checked += tumour ? 1 : 0;
            QVERIFY2(tumour || isGrey, qPrintable(QStringLiteral("(%1, %2) %3").arg(x).arg(y).arg(c.name())));
        }
    }
    QVERIFY(checked > 0);
    QCOMPARE(coloured, checked);

    // Dice against the dataset label, as core computes it.
    auto score = core::tumorOverlap(*document.groundTruth(), *prediction);
    QVERIFY(score.ok());
    QVERIFY(m_window->segmentation()->overlapWithGroundTruth().has_value());
    QCOMPARE(m_window->segmentation()->overlapWithGroundTruth()->dice, score->dice);
    QVERIFY2(m_window->segmentationPanel()->diceText().contains(QString::number(score->dice, 'f', 3)),
        qPrintable(m_window->segmentationPanel()->diceText()));
    QVERIFY(m_window->overlayPanel()->areas().totalSliceAreaMm2() > 0);

    // The verdict: the slice holds predicted tumour, so the panel and the study browser say "Tumour found" with the
    // model's own probability.
    QVERIFY(expected->tumorPresent);
    const QString p = QString::number(static_cast<double>(expected->tumorProbability), 'f', 2);
    QVERIFY2(
        m_window->segmentationPanel()->diceText().contains(QStringLiteral("Slice 1: Tumour found (p = %1)").arg(p)),
        qPrintable(m_window->segmentationPanel()->diceText()));
    const QString browserText = m_window->studyModel()->data(m_window->studyTree()->currentIndex()).toString();
    QVERIFY2(browserText.contains(QStringLiteral("Tumour found (p = %1)").arg(p)), qPrintable(browserText));

    // The ground truth is shown the same way on request.
    auto* layer = m_window->segmentationPanel()->findChild<QComboBox*>(QStringLiteral("layerBox"));
    layer->setCurrentIndex(1);
    QCOMPARE(document.mask(), document.groundTruth());
}

void TestSegmentationWindow::cancelMidSeriesThenResumeFromCache()
{
    DINOLENS_REQUIRE_DATA(kVolume);
    QVERIFY(dinolens::test::openAndWait(*m_window, kVolume));
    SegmentationController* controller = m_window->segmentation();
    const int slices = m_window->document()->volume()->dims[2];
    QVERIFY(slices > 4);
    // Cancel as soon as the first slice is reported (polling could miss a series that segments in under a second).
    std::optional<core::JobState> stateAfterCancel;
    const auto connection = connect(controller, &SegmentationController::progressChanged, this, [&] {
        if (!stateAfterCancel && controller->doneSlices() >= 1) {
            controller->cancel();
            stateAfterCancel = controller->state();
        }
    });
    QVERIFY(controller->segmentSeries());
    QTRY_VERIFY_WITH_TIMEOUT(stateAfterCancel.has_value(), 60000);
    disconnect(connection);
    QCOMPARE(*stateAfterCancel, core::JobState::Cancelling);
    QVERIFY(waitForState(core::JobState::Cancelled));
    const int afterCancel = controller->segmentedSliceCount();
    QVERIFY2(afterCancel >= 1 && afterCancel < slices, qPrintable(QString::number(afterCancel)));
    QVERIFY(m_window->messageText().isEmpty()); // cancelling is not an error

    // Segmenting again only does the slices still missing, and ends with the whole series.
    QVERIFY(controller->segmentSeries());
    QCOMPARE(controller->doneSlices(), afterCancel);
    QVERIFY(waitForState(core::JobState::Completed));
    QCOMPARE(controller->segmentedSliceCount(), slices);
    QVERIFY(m_window->document()->prediction() != nullptr);
    // All cached: the next request completes without a job.
    QVERIFY(controller->segmentSeries());
    QCOMPARE(controller->doneSlices(), slices);
    QVERIFY(waitForState(core::JobState::Completed));
}

void TestSegmentationWindow::isotropicSeriesIsFusedOverThreePlanes()
{
    DINOLENS_REQUIRE_DATA(kIsotropicSeries);
    QVERIFY(dinolens::test::openAndWait(*m_window, kIsotropicSeries));
    SegmentationController* controller = m_window->segmentation();
    const auto volume = m_window->document()->loaded().volume;
    QVERIFY(fusesThreePlanes(*volume));
    // One slice first: segmented alone; the series then replaces it with the fused answer.
    QVERIFY(controller->segmentSlice());
    QVERIFY(waitForState(core::JobState::Completed));
    QVERIFY(!controller->seriesFusesThreePlanes());
    QVERIFY(controller->segmentSeries());
    QVERIFY(waitForState(core::JobState::Completed));
    QVERIFY(controller->seriesFusesThreePlanes());
    QCOMPARE(controller->segmentedSliceCount(), volume->dims[2]);

    // What the viewer shows is what `dinolens-cli segment` writes for the same series and model.
    auto predictor = inference::SegmentationPredictor::open(m_run.toStdString(), { .threads = 2 });
    QVERIFY2(predictor, predictor ? "" : predictor.error().toString().c_str());
    inference::VolumeSegmentationOptions threePlanes;
    threePlanes.planes = inference::SlicePlanes::Three;
    auto fused = inference::segmentVolume(*predictor, *volume, threePlanes);
    QVERIFY2(fused, fused ? "" : fused.error().toString().c_str());
    const core::LabelMask* shown = m_window->document()->prediction();
    QVERIFY(shown != nullptr);
    QVERIFY(shown->labels == fused->mask.labels);
    const auto series = controller->seriesVerdict();
    QVERIFY(series.has_value());
    QCOMPARE(series->present, fused->tumorPresent);
    QCOMPARE(series->probability, fused->tumorProbability);
    for (int k = 0; k < volume->dims[2]; ++k) {
        QCOMPARE(controller->sliceVerdict(k)->probability, fused->sliceProbabilities[static_cast<std::size_t>(k)]);
    }
    // Done: asking again starts no job.
    QVERIFY(controller->segmentSeries());
    QCOMPARE(controller->doneSlices(), volume->dims[2]);
    QVERIFY(waitForState(core::JobState::Completed));
}

void TestSegmentationWindow::brokenModelShowsErrorAndViewerKeepsWorking()
{
    DINOLENS_REQUIRE_DATA(kImage);
    QTemporaryDir broken;
    std::ofstream(broken.filePath(QStringLiteral("config.json")).toStdString()) << "{ not json";
    std::ofstream(broken.filePath(QStringLiteral("head.safetensors")).toStdString()) << "garbage";
    QVERIFY(dinolens::test::openAndWait(*m_window, kImage, true));
    m_window->segmentation()->setModelFolder(broken.path());
    QVERIFY(m_window->segmentation()->segmentSlice());
    QVERIFY(waitForState(core::JobState::Failed));
    QVERIFY2(m_window->messageText().contains(broken.path()), qPrintable(m_window->messageText()));
    QVERIFY(m_window->segmentationPanel()->stateText().contains(tr("Failed")));
    QVERIFY(m_window->document()->prediction() == nullptr);
    // The viewer keeps working: another series opens, and a good model still segments.
    QVERIFY(dinolens::test::openAndWait(*m_window, kVolume));
    m_window->segmentation()->setModelFolder(m_run);
    QVERIFY(m_window->segmentation()->segmentSlice());
    QVERIFY(waitForState(core::JobState::Completed));
    QVERIFY(m_window->document()->prediction() != nullptr);
}

void TestSegmentationWindow::missingModelShowsError()
{
    DINOLENS_REQUIRE_DATA(kImage);
    QVERIFY(dinolens::test::openAndWait(*m_window, kImage, true));
    m_window->segmentation()->setModelFolder(QString());
    QVERIFY(m_window->segmentation()->segmentSlice());
    QCOMPARE(m_window->segmentation()->state(), core::JobState::Failed);
    QVERIFY(m_window->messageText().contains(QStringLiteral("No segmentation model")));
    m_window->segmentation()->setModelFolder(m_models.filePath(QStringLiteral("does-not-exist")));
    QVERIFY(m_window->segmentation()->segmentSlice());
    QVERIFY(waitForState(core::JobState::Failed));
    QVERIFY(m_window->messageText().contains(QStringLiteral("does-not-exist")));
}

void TestSegmentationWindow::cudaFallbackIsAnnounced()
{
    DINOLENS_REQUIRE_DATA(kImage);
    if (dinolens::inference::cudaAvailable()) {
        QSKIP("CUDA is available here: nothing falls back");
    }
    QVERIFY(dinolens::test::openAndWait(*m_window, kImage, true));
    m_window->segmentation()->setModelFolder(m_run);
    m_window->segmentation()->setUseCuda(true);
    QSignalSpy warned(m_window->segmentation(), &SegmentationController::warned);
    QVERIFY(m_window->segmentation()->segmentSlice());
    QVERIFY(waitForState(core::JobState::Completed));
    QCOMPARE(warned.count(), 1);
    QVERIFY2(m_window->messageText().contains(QStringLiteral("CUDA")), qPrintable(m_window->messageText()));
    QVERIFY(m_window->document()->prediction() != nullptr); // segmented on the CPU all the same
}

QTEST_MAIN(TestSegmentationWindow)
#include "tst_segmentation_window.moc"
