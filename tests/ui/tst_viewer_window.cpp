// The viewer through its real window on real data: streaming open, scrolling, window/level drag, rendered
// pixels against core's windowing, zoom/pan/fit, linked crosshairs, tags, errors, and the mask overlay.
#include <QApplication>
#include <QSignalSpy>
#include <QStatusBar>
#include <QToolButton>
#include <QTreeView>
#include <QWheelEvent>
#include <QtTest/QtTest>

#include <QMenuBar>
#include <QMimeData>

#include "dinolens/ui/dicom_tag_panel.h"
#include "dinolens/ui/overlay_panel.h"
#include "dinolens/ui/study_model.h"
#include "dinolens/ui/viewer_settings.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::expectedGrey;
using dinolens::test::kWaitMs;

class TestViewerWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dicomSeriesStreamsIn();
    void dropOpensFilesAndRemembersThem();
    void windowPresetsFromMenu();
    void renderedPixelsMatchCoreWindowing();
    void keysAndWheelScroll();
    void rightDragChangesWindowLevel();
    void zoomPanAndFit();
    void clickLinksCrosshairs();
    void showsTagsOfCurrentSlice();
    void truncatedFileShowsErrorAndViewerKeepsWorking();
    void niftiMaskIsOverlaid();
    void datasetImageShowsPolygonLabel();
    void closingWithJobsInFlightIsSafe();
    void cancellingIsNotAnError();

private:
    SliceView* nativeView() const { return m_window->sliceView(ViewAxis::Sagittal); }
    std::unique_ptr<MainWindow> m_window;
};

namespace {

void sendWheel(QWidget* widget, QPoint position, int delta, Qt::KeyboardModifiers modifiers = {})
{
    QWheelEvent event(position, widget->mapToGlobal(position), QPoint(), QPoint(0, delta), Qt::NoButton, modifiers,
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

QPoint toPoint(QPointF p)
{
    return p.toPoint();
}

} // namespace

void TestViewerWindow::initTestCase()
{
    dinolens::test::useTestSettings();
}

void TestViewerWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1200, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestViewerWindow::cleanup()
{
    m_window.reset();
}

void TestViewerWindow::dicomSeriesStreamsIn()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QSignalSpy shown(m_window.get(), &MainWindow::volumeShown);
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    QVERIFY(shown.count() >= 2);
    QCOMPARE(shown.first().at(0).toBool(), false); // the one-slice preview came first
    QCOMPARE(shown.last().at(0).toBool(), true);
    QCOMPARE(m_window->document()->volume()->dims[2], 48);
    QCOMPARE(m_window->studyModel()->rowCount(), 1);
    QVERIFY(m_window->studyModel()->seriesAt(m_window->studyTree()->currentIndex()) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(
        !m_window->studyModel()->data(m_window->studyModel()->firstSeriesIndex(), Qt::DecorationRole).isNull(),
        kWaitMs);
    for (const ViewAxis axis : kViewAxes) {
        QVERIFY(m_window->sliceView(axis)->isVisible());
    }
    QVERIFY(m_window->messageText().isEmpty());
}

void TestViewerWindow::dropOpensFilesAndRemembersThem()
{
    DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz");
    clearRecentFiles();
    const QString path = dinolens::test::dataString("nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz");
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(path) });
    QSignalSpy shown(m_window.get(), &MainWindow::volumeShown);
    QDragEnterEvent enter(QPoint(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(m_window.get(), &drop);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() > 0, kWaitMs);
    QCOMPARE(m_window->document()->volume()->dims, (std::array<int, 3> { 256, 256, 24 }));
    QCOMPARE(recentFiles().value(0), QFileInfo(path).absoluteFilePath());
}

void TestViewerWindow::windowPresetsFromMenu()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    const auto& windows = m_window->document()->loaded().windows;
    QCOMPARE(windows.size(), std::size_t { 5 }); // the DICOM default, then the four MRI presets
    QCOMPARE(m_window->document()->window().center, windows.front().center);
    QAction* contrast = nullptr;
    for (QAction* action : m_window->menuBar()->findChildren<QAction*>()) {
        contrast = action->text().startsWith(QStringLiteral("Contrast")) ? action : contrast;
    }
    QVERIFY(contrast != nullptr);
    QCOMPARE(contrast->shortcut(), QKeySequence(Qt::Key_4));
    contrast->trigger();
    QCOMPARE(m_window->document()->window().center, windows[3].center);
    QCOMPARE(m_window->document()->window().width, windows[3].width);
    SliceView* view = nativeView();
    const int x = view->plane().width() / 2;
    const int y = view->plane().height() / 2 + 3;
    QCOMPARE(qGray(view->sliceImage().pixel(x, y)), expectedGrey(*view, *m_window->document(), x, y));
}

void TestViewerWindow::renderedPixelsMatchCoreWindowing()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    SliceView* view = nativeView();
    QCOMPARE(view->plane().sliceCount(), 48); // a sagittal acquisition: its own slices in the sagittal view
    const QImage grabbed = view->grab().toImage();
    const int w = view->plane().width();
    const int h = view->plane().height();
    int checked = 0;
    for (const auto& [fx, fy] :
        std::vector<std::pair<double, double>> { { 0.3, 0.3 }, { 0.6, 0.4 }, { 0.4, 0.7 }, { 0.7, 0.65 } }) {
        const int x = static_cast<int>(fx * w);
        const int y = static_cast<int>(fy * h);
        const int expected = expectedGrey(*view, *m_window->document(), x, y);
        QCOMPARE(qGray(view->sliceImage().pixel(x, y)), expected);
        const QColor onScreen = grabbed.pixelColor(toPoint(view->widgetPosition(x, y)));
        QCOMPARE(onScreen.red(), expected);
        QCOMPARE(onScreen.green(), expected);
        checked += expected > 0 ? 1 : 0;
    }
    QVERIFY(checked > 0); // not only background
}

void TestViewerWindow::keysAndWheelScroll()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    SliceView* view = nativeView();
    view->setFocus();
    const int start = view->slice();
    QCOMPARE(start, 24);
    QTest::keyClick(view, Qt::Key_Up);
    QCOMPARE(view->slice(), start + 1);
    QTest::keyClick(view, Qt::Key_Down);
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->slice(), start - 1);
    QTest::keyClick(view, Qt::Key_End);
    QCOMPARE(view->slice(), 47);
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(view->slice(), 0);
    QTest::keyClick(view, Qt::Key_PageUp);
    QCOMPARE(view->slice(), 4);
    sendWheel(view, view->rect().center(), 240);
    QCOMPARE(view->slice(), 6);
    const int x = view->plane().width() / 3;
    const int y = view->plane().height() / 2;
    QCOMPARE(qGray(view->sliceImage().pixel(x, y)), expectedGrey(*view, *m_window->document(), x, y));
}

void TestViewerWindow::rightDragChangesWindowLevel()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    SliceView* view = nativeView();
    const core::WindowLevel before = m_window->document()->window();
    const auto& loaded = m_window->document()->loaded();
    const double perPixel = (loaded.maxValue - loaded.minValue) / 500.0;
    const QPoint start = view->rect().center() + QPoint(-40, -30);
    QTest::mousePress(view, Qt::RightButton, {}, start);
    QTest::mouseMove(view, start + QPoint(60, -20));
    QTest::mouseRelease(view, Qt::RightButton, {}, start + QPoint(60, -20));
    const core::WindowLevel after = m_window->document()->window();
    QCOMPARE(after.name, std::string("Manual"));
    QVERIFY(std::abs(after.width - (before.width + 60 * perPixel)) < 1e-6);
    QVERIFY(std::abs(after.center - (before.center - 20 * perPixel)) < 1e-6);
    const int x = view->plane().width() / 2 + 5;
    const int y = view->plane().height() / 3;
    const QImage grabbed = view->grab().toImage();
    QCOMPARE(grabbed.pixelColor(toPoint(view->widgetPosition(x, y))).red(),
        expectedGrey(*view, *m_window->document(), x, y));
}

void TestViewerWindow::zoomPanAndFit()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    SliceView* view = nativeView();
    const QPoint anchor = view->rect().center() + QPoint(30, 20);
    const auto imageBefore = view->transform().widgetToImage({ double(anchor.x()), double(anchor.y()) });
    sendWheel(view, anchor, 120, Qt::ControlModifier);
    QVERIFY(view->transform().zoom() > 1.1);
    const auto imageAfter = view->transform().widgetToImage({ double(anchor.x()), double(anchor.y()) });
    QVERIFY(std::abs(imageAfter.x - imageBefore.x) < 1e-6); // zoom to the cursor
    const double left = view->transform().imageRect()[0];
    QTest::mousePress(view, Qt::MiddleButton, {}, anchor);
    QTest::mouseMove(view, anchor + QPoint(25, 0));
    QTest::mouseRelease(view, Qt::MiddleButton, {}, anchor + QPoint(25, 0));
    QCOMPARE(view->transform().imageRect()[0], left + 25);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_F);
    QCOMPARE(view->transform().zoom(), 1.0);
}

void TestViewerWindow::clickLinksCrosshairs()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    SliceView* sagittal = nativeView();
    SliceView* axial = m_window->sliceView(ViewAxis::Axial);
    SliceView* coronal = m_window->sliceView(ViewAxis::Coronal);
    const int x = sagittal->plane().width() / 4;
    const int y = sagittal->plane().height() / 3;
    QTest::mouseClick(sagittal, Qt::LeftButton, {}, toPoint(sagittal->widgetPosition(x, y)));
    const auto voxel = sagittal->plane().voxelOf(x, y, sagittal->slice());
    QCOMPARE(m_window->document()->cursor(), voxel);
    QCOMPARE(axial->slice(), voxel[static_cast<std::size_t>(axial->plane().sliceAxis)]);
    QCOMPARE(coronal->slice(), voxel[static_cast<std::size_t>(coronal->plane().sliceAxis)]);
    // The axial view now shows the clicked point under its crosshair: its pixel there is the clicked voxel.
    const auto pixel = axial->plane().pixelOf({ double(voxel[0]), double(voxel[1]), double(voxel[2]) });
    const int ax = static_cast<int>(pixel[0]);
    const int ay = static_cast<int>(pixel[1]);
    QCOMPARE(axial->plane().voxelOf(ax, ay, axial->slice()), voxel);
    QCOMPARE(qGray(axial->sliceImage().pixel(ax, ay)), expectedGrey(*axial, *m_window->document(), ax, ay));
    QCOMPARE(qGray(axial->sliceImage().pixel(ax, ay)), qGray(sagittal->sliceImage().pixel(x, y)));
    QTest::mouseMove(axial, axial->rect().center() + QPoint(3, 3));
    QTest::mouseMove(axial, axial->rect().center());
    QVERIFY2(axial->pointerText().contains(QStringLiteral("LPS")), qPrintable(axial->pointerText()));
}

void TestViewerWindow::showsTagsOfCurrentSlice()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    DicomTagPanel* tags = m_window->tagPanel();
    const auto& volume = *m_window->document()->volume();
    const QString current = QString::fromStdString(volume.slices[24].sourceFile);
    QTRY_COMPARE_WITH_TIMEOUT(tags->currentFile(), current, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(tags->rowCount() > 20, kWaitMs);
    QCOMPARE(tags->valueOf(QStringLiteral("Modality")), QStringLiteral("MR"));
    QCOMPARE(tags->valueOf(QStringLiteral("SOPInstanceUID")), QString::fromStdString(volume.slices[24].sopInstanceUid));
    nativeView()->setFocus();
    QTest::keyClick(nativeView(), Qt::Key_Up);
    QTRY_COMPARE_WITH_TIMEOUT(tags->valueOf(QStringLiteral("SOPInstanceUID")),
        QString::fromStdString(volume.slices[25].sopInstanceUid), kWaitMs);
}

void TestViewerWindow::truncatedFileShowsErrorAndViewerKeepsWorking()
{
    DINOLENS_REQUIRE_DATA("dicom/edge-pydicom/MR_truncated.dcm");
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    QSignalSpy messages(m_window.get(), &MainWindow::messageShown);
    m_window->openPaths({ dinolens::test::dataString("dicom/edge-pydicom/MR_truncated.dcm") });
    QTRY_VERIFY_WITH_TIMEOUT(messages.count() > 0, kWaitMs);
    QVERIFY2(m_window->messageText().contains(QStringLiteral("MR_truncated.dcm")), qPrintable(m_window->messageText()));
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isBusy(), kWaitMs);
    nativeView()->setFocus();
    const int slice = nativeView()->slice();
    QTest::keyClick(nativeView(), Qt::Key_Up);
    QCOMPARE(nativeView()->slice(), std::min(slice + 1, nativeView()->plane().sliceCount() - 1));
    QVERIFY(dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48"));
    QVERIFY(m_window->messageText().isEmpty());
}

void TestViewerWindow::niftiMaskIsOverlaid()
{
    DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz");
    QVERIFY(dinolens::test::openAndWait(*m_window, "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz", true));
    const core::LabelMask* mask = m_window->document()->mask();
    QVERIFY(mask != nullptr);
    std::size_t first = 0;
    std::size_t count = 0;
    for (std::size_t n = 0; n < mask->labels.size(); ++n) {
        if (mask->labels[n] != 0) {
            first = count++ == 0 ? n : first;
        }
    }
    QVERIFY(count > 0);
    const int i = static_cast<int>(first % static_cast<std::size_t>(mask->dims[0]));
    const int j
        = static_cast<int>(first / static_cast<std::size_t>(mask->dims[0]) % static_cast<std::size_t>(mask->dims[1]));
    const int k
        = static_cast<int>(first / (static_cast<std::size_t>(mask->dims[0]) * static_cast<std::size_t>(mask->dims[1])));
    m_window->document()->setCursor({ i, j, k });
    SliceView* axial = m_window->sliceView(ViewAxis::Axial);
    // A tumour pixel off the crosshair lines (they pass through the cursor voxel).
    const auto centre = axial->plane().pixelOf({ double(i), double(j), double(k) });
    QPoint tumour(-1, -1);
    const auto labels = resliceLabels(*mask, axial->plane(), axial->slice());
    for (int y = 0; y < axial->plane().height() && tumour.x() < 0; ++y) {
        for (int x = 0; x < axial->plane().width(); ++x) {
            if (labels[static_cast<std::size_t>(y * axial->plane().width() + x)] != 0 && x != int(centre[0])
                && y != int(centre[1])) {
                tumour = QPoint(x, y);
                break;
            }
        }
    }
    QVERIFY(tumour.x() >= 0);
    const QColor coloured = axial->sliceImage().pixelColor(tumour);
    QVERIFY2(coloured.red() > coloured.green() + 20, qPrintable(coloured.name())); // class 1 is red
    const QColor onScreen = axial->grab().toImage().pixelColor(toPoint(axial->widgetPosition(tumour.x(), tumour.y())));
    QCOMPARE(onScreen, coloured);
    const QColor corner = axial->sliceImage().pixelColor(0, 0); // background, no label: grey
    QVERIFY(corner.red() == corner.green() && corner.green() == corner.blue());
    const double voxelMl = mask->spacing[0] * mask->spacing[1] * mask->spacing[2] / 1000.0;
    QVERIFY(std::abs(m_window->overlayPanel()->areas().totalVolumeMl() - static_cast<double>(count) * voxelMl) < 1e-9);
    QVERIFY(m_window->overlayPanel()->areas().totalSliceAreaMm2() > 0);
    OverlayStyle style = m_window->document()->overlayStyle();
    style.visible = false;
    m_window->document()->setOverlayStyle(style);
    const QColor hidden = axial->sliceImage().pixelColor(tumour);
    QCOMPARE(hidden.red(), expectedGrey(*axial, *m_window->document(), tumour.x(), tumour.y()));
    QCOMPARE(hidden.red(), hidden.green());
}

void TestViewerWindow::datasetImageShowsPolygonLabel()
{
    DINOLENS_REQUIRE_DATA("brain-tumor/valid/images");
    const auto images = dinolens::test::dataPath("brain-tumor/valid/images");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(images)) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    QVERIFY(!files.empty());
    const std::string relative = "brain-tumor/valid/images/" + files.front().filename().string();
    QVERIFY(dinolens::test::openAndWait(*m_window, relative, true));
    QVERIFY(m_window->sliceView(ViewAxis::Axial)->isVisible());
    QVERIFY(!m_window->sliceView(ViewAxis::Sagittal)->isVisible()); // a 2-D image has one view
    QVERIFY(m_window->overlayPanel()->areas().totalSliceAreaMm2() > 0);
}

// Regression: the tag and mask jobs used QFuture::then(window, ...), which aborts on Qt 6.4 when the window is
// destroyed before the job ends.
void TestViewerWindow::closingWithJobsInFlightIsSafe()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    for (int round = 0; round < 3; ++round) {
        QSignalSpy shown(m_window.get(), &MainWindow::volumeShown);
        m_window->openPaths({ dinolens::test::dataString("dicom/series-dwi-sag48") });
        QTRY_VERIFY_WITH_TIMEOUT(
            shown.count() > 0, kWaitMs); // the preview is up: tag, thumbnail and load jobs are running
        m_window = std::make_unique<MainWindow>();
    }
    QVERIFY(QThreadPool::globalInstance()->waitForDone(30000));
    QCoreApplication::processEvents();
    QVERIFY(m_window->messageText().isEmpty());
}

// Esc cancels the scan or load in flight; whichever point it reaches, cancelling is a normal outcome: no error
// banner, the viewer idle and able to open the series again.
void TestViewerWindow::cancellingIsNotAnError()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    for (int round = 0; round < 3; ++round) {
        m_window->openPaths({ dinolens::test::dataString("dicom/series-dwi-sag48") });
        // The Cancel button (Esc) shows only while a job runs; the job may already be done on a fast disk.
        for (auto* button : m_window->findChildren<QToolButton*>()) {
            if (button->text() == QStringLiteral("Cancel") && button->isVisible()) {
                button->click();
            }
        }
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->isBusy(), kWaitMs);
        QVERIFY2(m_window->messageText().isEmpty(), qPrintable(m_window->messageText()));
    }
    const bool opened = dinolens::test::openAndWait(*m_window, "dicom/series-dwi-sag48");
    QVERIFY2(opened,
        qPrintable(QStringLiteral("busy=%1 message='%2' status='%3' volume=%4")
                       .arg(m_window->isBusy())
                       .arg(m_window->messageText(), m_window->statusBar()->currentMessage())
                       .arg(m_window->document()->hasVolume())));
    QCOMPARE(m_window->document()->volume()->dims[2], 48);
}

QTEST_MAIN(TestViewerWindow)
#include "tst_viewer_window.moc"
