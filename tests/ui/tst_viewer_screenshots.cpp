// Screenshots of the window and each panel at a normal and a small size, on real data. Written to
// DINOLENS_SCREENSHOT_DIR when set (docs/screenshots/ is made this way), else to a temporary folder. Each
// picture is checked to be written and to show something (not a single flat colour).
#include <QDialog>
#include <QDockWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest/QtTest>

#include "dinolens/ui/dicom_tag_panel.h"
#include "dinolens/ui/overlay_panel.h"
#include "dinolens/ui/settings_dialog.h"
#include "dinolens/ui/study_model.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

class TestViewerScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void screenshots_data();
    void screenshots();
    void dialogs();

private:
    void save(QWidget* widget, const QString& name);
    QString m_folder;
    QTemporaryDir m_temporary;
};

namespace {

bool hasContent(const QImage& image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            if (image.pixel(x, y) != first) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

void TestViewerScreenshots::initTestCase()
{
    dinolens::test::useTestSettings();
    m_folder = qEnvironmentVariable("DINOLENS_SCREENSHOT_DIR", m_temporary.path());
    QVERIFY(QDir().mkpath(m_folder));
}

void TestViewerScreenshots::save(QWidget* widget, const QString& name)
{
    const QImage image = widget->grab().toImage();
    QVERIFY2(hasContent(image), qPrintable(name));
    const QString path = QDir(m_folder).filePath(name + QStringLiteral(".png"));
    QVERIFY2(image.save(path), qPrintable(path));
    QVERIFY(QFileInfo(path).size() > 1000);
}

void TestViewerScreenshots::screenshots_data()
{
    QTest::addColumn<QString>("relative");
    QTest::addColumn<bool>("mask");
    QTest::addColumn<QString>("prefix");
    QTest::newRow("dicom") << "dicom/series-dwi-sag48" << false << "dicom";
    QTest::newRow("nifti") << "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz" << true << "nifti";
}

void TestViewerScreenshots::screenshots()
{
    QFETCH(QString, relative);
    QFETCH(bool, mask);
    QFETCH(QString, prefix);
    DINOLENS_REQUIRE_DATA(relative.toStdString());
    for (const QSize size : { QSize(1280, 800), QSize(860, 540) }) {
        const QString suffix = size.width() > 1000 ? QStringLiteral("normal") : QStringLiteral("small");
        MainWindow window;
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(dinolens::test::openAndWait(window, relative.toStdString(), mask));
        if (mask) {
            const core::LabelMask* labels = window.document()->mask();
            const auto it = std::find_if(labels->labels.begin(), labels->labels.end(), [](auto v) { return v != 0; });
            const auto n = static_cast<std::size_t>(it - labels->labels.begin());
            const auto w = static_cast<std::size_t>(labels->dims[0]);
            const auto h = static_cast<std::size_t>(labels->dims[1]);
            window.document()->setCursor(
                { static_cast<int>(n % w), static_cast<int>(n / w % h), static_cast<int>(n / (w * h)) });
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(window.tagPanel()->rowCount() > 0, kWaitMs);
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            !window.studyModel()->data(window.studyModel()->firstSeriesIndex(), Qt::DecorationRole).isNull(), kWaitMs);
        QTest::mouseMove(window.sliceView(ViewAxis::Axial), window.sliceView(ViewAxis::Axial)->rect().center());
        save(&window, prefix + QStringLiteral("-window-") + suffix);
        for (const ViewAxis axis : kViewAxes) {
            save(window.sliceView(axis),
                prefix + QStringLiteral("-view-") + QString::fromUtf8(viewAxisName(axis)).toLower() + QLatin1Char('-')
                    + suffix);
        }
        if (mask) {
            OverlayStyle style = window.document()->overlayStyle();
            style.filled = false;
            window.document()->setOverlayStyle(style);
            save(window.sliceView(ViewAxis::Axial), prefix + QStringLiteral("-view-axial-outline-") + suffix);
        }
        save(window.studyTree(), prefix + QStringLiteral("-studies-") + suffix);
        save(mask ? static_cast<QWidget*>(window.overlayPanel()) : window.tagPanel(),
            prefix + (mask ? QStringLiteral("-overlay-") : QStringLiteral("-tags-")) + suffix);
    }
}

void TestViewerScreenshots::dialogs()
{
    SettingsDialog settings(ViewerSettings {});
    settings.show();
    QVERIFY(QTest::qWaitForWindowExposed(&settings));
    save(&settings, QStringLiteral("dialog-settings"));
    ShortcutsDialog shortcuts;
    shortcuts.show();
    QVERIFY(QTest::qWaitForWindowExposed(&shortcuts));
    save(&shortcuts, QStringLiteral("dialog-shortcuts"));
}

QTEST_MAIN(TestViewerScreenshots)
#include "tst_viewer_screenshots.moc"
