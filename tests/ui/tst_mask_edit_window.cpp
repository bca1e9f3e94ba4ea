// Manual correction through the real window on the real tumour volume: brush, undo/redo, polygon, and saving as
// NIfTI (read back) and PNG.
#include <QComboBox>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/ui/mask_edit_controller.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;

namespace {
const std::string kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";
}

class TestMaskEditWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void brushUndoPolygonAndSave();

private:
    SliceView* storedSliceView(MainWindow& window) const;
};

void TestMaskEditWindow::initTestCase()
{
    dinolens::test::useTestSettings();
}

SliceView* TestMaskEditWindow::storedSliceView(MainWindow& window) const
{
    for (const ViewAxis axis : kViewAxes) {
        if (window.sliceView(axis)->plane().sliceAxis == 2) {
            return window.sliceView(axis);
        }
    }
    return nullptr;
}

void TestMaskEditWindow::brushUndoPolygonAndSave()
{
    DINOLENS_REQUIRE_DATA(kVolume);
    MainWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(dinolens::test::openAndWait(window, kVolume, true));
    SliceView* view = storedSliceView(window);
    QVERIFY(view != nullptr);
    const core::LabelMask original = *window.document()->mask();
    auto* tool = window.findChild<QComboBox*>(QStringLiteral("editToolBox"));
    QVERIFY(tool != nullptr);
    tool->setCurrentIndex(1); // brush, class glioma (1)

    // Paint a short stroke in a corner (background in the ground truth).
    const int k = view->slice();
    const QPoint start = view->widgetPosition(20, 20).toPoint();
    QTest::mousePress(view, Qt::LeftButton, {}, start);
    QTest::mouseMove(view, view->widgetPosition(30, 20).toPoint());
    QTest::mouseRelease(view, Qt::LeftButton, {}, view->widgetPosition(30, 20).toPoint());
    const auto voxel = view->plane().voxelOf(25, 20, k);
    QCOMPARE(original.at(voxel[0], voxel[1], voxel[2]), std::uint8_t { 0 });
    QCOMPARE(window.document()->mask()->at(voxel[0], voxel[1], voxel[2]), std::uint8_t { 1 });
    const core::LabelMask painted = *window.document()->mask();
    QVERIFY(window.maskEditor()->canUndo());
    window.maskEditor()->undo();
    QVERIFY(window.document()->mask()->labels == original.labels);
    window.maskEditor()->redo();
    QVERIFY(window.document()->mask()->labels == painted.labels);

    // A polygon outline filled on release.
    tool->setCurrentIndex(3);
    QTest::mousePress(view, Qt::LeftButton, {}, view->widgetPosition(60, 60).toPoint());
    QTest::mouseMove(view, view->widgetPosition(90, 60).toPoint());
    QTest::mouseMove(view, view->widgetPosition(90, 90).toPoint());
    QTest::mouseRelease(view, Qt::LeftButton, {}, view->widgetPosition(60, 90).toPoint());
    const auto inside = view->plane().voxelOf(75, 75, k);
    QCOMPARE(window.document()->mask()->at(inside[0], inside[1], inside[2]), std::uint8_t { 1 });
    tool->setCurrentIndex(0);
    const core::LabelMask edited = *window.document()->mask();

    // Saved as NIfTI and read back through the viewer's own mask loader; the slice as PNG.
    QTemporaryDir folder;
    QSignalSpy saved(window.maskEditor(), &MaskEditController::savedFile);
    window.maskEditor()->saveNifti(folder.filePath(QStringLiteral("edited.nii.gz")));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, dinolens::test::kWaitMs);
    QCOMPARE(saved.front().at(1).toString(), QString());
    const core::Volume& volume = *window.document()->volume();
    auto reread = loadMaskAsync(folder.filePath(QStringLiteral("edited.nii.gz")), volume.dims, volume.spacing);
    reread.waitForFinished(); // test code, not a slot
    QVERIFY(reread.result().mask != nullptr);
    QVERIFY(reread.result().mask->labels == edited.labels);
    window.maskEditor()->savePng(folder.filePath(QStringLiteral("slice.png")));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, dinolens::test::kWaitMs);
    const QImage png(folder.filePath(QStringLiteral("slice.png")));
    QCOMPARE(png.size(), QSize(volume.dims[0], volume.dims[1]));
}

QTEST_MAIN(TestMaskEditWindow)
#include "tst_mask_edit_window.moc"
