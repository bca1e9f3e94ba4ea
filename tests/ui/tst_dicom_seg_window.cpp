// "Save DICOM SEG" through the real window: on a real DICOM series the shown mask is written as a DICOM
// Segmentation that reads back to the same voxels; on a NIfTI study, or into a missing folder, the window shows a
// clear message and no file is left. The edit panel with its new button is pictured (DINOLENS_SCREENSHOT_DIR).
#include <QDockWidget>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/ui/mask_edit_controller.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

class TestDicomSegWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void savesShownMaskAsSeg();
    void refusesWithMessage_data();
    void refusesWithMessage();

private:
    QString save(MainWindow& window, const QString& path);
    QTemporaryDir m_folder;
};

void TestDicomSegWindow::initTestCase()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    dinolens::test::useTestSettings();
}

QString TestDicomSegWindow::save(MainWindow& window, const QString& path)
{
    QSignalSpy saved(window.maskEditor(), &MaskEditController::savedFile);
    window.maskEditor()->saveDicomSeg(path);
    if (saved.isEmpty() && !saved.wait(kWaitMs)) {
        return QStringLiteral("no savedFile signal");
    }
    return saved.front().at(1).toString();
}

void TestDicomSegWindow::savesShownMaskAsSeg()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(dinolens::test::openAndWait(window, "dicom/series-dwi-sag48"));
    ViewerDocument* document = window.document();
    const auto& dims = document->volume()->dims;
    core::LabelMask mask = core::LabelMask::zeros(dims[0], dims[1], dims[2]);
    for (int k = 20; k < 26; ++k) {
        for (int j = 30; j < 45; ++j) {
            for (int i = 25; i < 40; ++i) {
                mask.at(i, j, k) = k < 23 ? 1 : 2;
            }
        }
    }
    QVERIFY(document->setMask(std::make_shared<const core::LabelMask>(mask)));
    const QString path = m_folder.filePath(QStringLiteral("tumour.seg.dcm"));
    QCOMPARE(save(window, path), QString());
    QVERIFY(QFile::exists(path));
    QVERIFY(!QFile::exists(path + QStringLiteral(".partial")));
    auto read = core::readDicomSeg(path.toStdString());
    QVERIFY(read.ok());
    QCOMPARE(read->segments.size(), std::size_t { 2 });
    QCOMPARE(read->frames.size(), std::size_t { 6 });
    auto back = core::dicomSegToMask(*read, *document->volume());
    QVERIFY(back.ok());
    QVERIFY(back->labels == mask.labels);

    // The edit panel offers it, beside NIfTI and PNG.
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("editDock"));
    dock->show();
    dock->raise();
    QVERIFY(window.findChild<QPushButton*>(QStringLiteral("saveDicomSegButton")) != nullptr);
    const QString folder = qEnvironmentVariable("DINOLENS_SCREENSHOT_DIR", m_folder.path());
    QVERIFY(QDir().mkpath(folder));
    QTest::qWait(50);
    QVERIFY(dock->grab().save(QDir(folder).filePath(QStringLiteral("edit_panel_dicom_seg.png"))));
    window.resize(800, 560);
    QTest::qWait(50);
    QVERIFY(dock->grab().save(QDir(folder).filePath(QStringLiteral("edit_panel_dicom_seg_small.png"))));
}

void TestDicomSegWindow::refusesWithMessage_data()
{
    QTest::addColumn<QString>("relative");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("expected");
    QTest::newRow("nifti study") << "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz"
                                 << "seg.dcm"
                                 << "needs a DICOM series";
    QTest::newRow("missing folder") << "dicom/series-dwi-sag48"
                                    << "missing/seg.dcm"
                                    << "does not exist";
}

void TestDicomSegWindow::refusesWithMessage()
{
    QFETCH(QString, relative);
    QFETCH(QString, target);
    QFETCH(QString, expected);
    MainWindow window;
    QVERIFY(dinolens::test::openAndWait(window, relative.toStdString()));
    const auto& dims = window.document()->volume()->dims;
    core::LabelMask mask = core::LabelMask::zeros(dims[0], dims[1], dims[2]);
    mask.at(3, 3, dims[2] / 2) = 1;
    QVERIFY(window.document()->setMask(std::make_shared<const core::LabelMask>(mask)));
    const QString path = m_folder.filePath(target);
    const QString error = save(window, path);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QTRY_VERIFY(window.messageText().contains(expected));
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(TestDicomSegWindow)
#include "tst_dicom_seg_window.moc"
