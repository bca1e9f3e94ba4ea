// The 3D view in the real window on a real NIfTI volume with its tumour mask (run under xvfb-run: VTK renders
// off-screen with OpenGL): the tumour surface shows in its class colour, dragging rotates and the wheel zooms
// (the picture changes), hiding the class removes its colour, a new mask updates the surfaces, and without a
// display the view says so. Screenshots (normal and small) go to DINOLENS_SCREENSHOT_DIR when set.
#include <QDockWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/ui/surface_view.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

class TestSurfaceView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsTumourSurfaceAndFollowsMouse();
    void followsMaskAndOverlayStyle();
    void screenshots();
    void withoutDisplayShowsMessage();

private:
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_temporary;
};

namespace {

constexpr const char* kVolume = "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz";

/// Pixels close to `rgb` (the glioma colour, lit and shaded, keeps its red dominance).
int tumourPixels(const QImage& image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            count += c.red() > 90 && c.red() > 2 * c.green() && c.red() > 2 * c.blue() ? 1 : 0;
        }
    }
    return count;
}

} // namespace

void TestSurfaceView::initTestCase()
{
    DINOLENS_REQUIRE_DATA(kVolume);
    dinolens::test::useTestSettings();
    if (qEnvironmentVariableIsEmpty("DISPLAY")) {
        QSKIP("no X display: run under xvfb-run (CTest does)");
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // Before a volume is open the 3D view draws nothing, and starting the viewer loads no OpenGL driver (Mesa's
    // brings LLVM, a large part of the start-up time under Xvfb).
    m_window->showSurfaceView();
    QTest::qWait(100);
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray mapped = maps.readAll();
    QVERIFY2(!mapped.contains("_dri.so") && !mapped.contains("libLLVM"), "the empty 3D view created an OpenGL context");
    QVERIFY(m_window->surfaceView()->message().contains(QStringLiteral("Open a study")));
    QVERIFY(dinolens::test::openAndWait(*m_window, kVolume, true));
    QSignalSpy updated(m_window->surfaceView(), &SurfaceView::surfacesUpdated);
    m_window->showSurfaceView();
    QVERIFY(updated.wait(kWaitMs * 3));
}

void TestSurfaceView::showsTumourSurfaceAndFollowsMouse()
{
    SurfaceView* view = m_window->surfaceView();
    QVERIFY2(view->isAvailable(), qPrintable(view->message()));
    QVERIFY(view->message().isEmpty());
    QVERIFY(view->tumourTriangles() > 100);
    view->resetCamera();
    const QImage before = view->image();
    QVERIFY(!before.isNull());
    QCOMPARE(before.size(), view->size() * view->devicePixelRatioF());
    QVERIFY2(tumourPixels(before) > 50, qPrintable(QString::number(tumourPixels(before))));

    // Drag: the scene turns (a different picture, still showing the tumour).
    const QPoint centre = view->rect().center();
    QTest::mousePress(view, Qt::LeftButton, {}, centre);
    QTest::mouseMove(view, centre + QPoint(60, 0));
    QTest::mouseMove(view, centre + QPoint(120, 10));
    QTest::mouseRelease(view, Qt::LeftButton, {}, centre + QPoint(120, 10));
    const QImage rotated = view->image();
    QVERIFY(rotated != before);
    QVERIFY(tumourPixels(rotated) > 50);

    // Wheel up zooms in: the tumour covers more of the picture.
    const int tumourBefore = tumourPixels(rotated);
    QWheelEvent wheel(QPointF(centre), view->mapToGlobal(QPointF(centre)), {}, QPoint(0, 360), Qt::NoButton, {},
        Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    QTRY_VERIFY(tumourPixels(view->image()) > tumourBefore);
    view->resetCamera();
    QCOMPARE(view->image(), before);
}

void TestSurfaceView::followsMaskAndOverlayStyle()
{
    SurfaceView* view = m_window->surfaceView();
    ViewerDocument* document = m_window->document();
    // Hiding glioma in the overlay hides its surface.
    OverlayStyle style = document->overlayStyle();
    style.classVisible[1] = false;
    document->setOverlayStyle(style);
    QCOMPARE(tumourPixels(view->image()), 0);
    style.classVisible[1] = true;
    document->setOverlayStyle(style);
    QVERIFY(tumourPixels(view->image()) > 50);

    // An empty mask: no tumour surface, the skin and outline remain.
    QSignalSpy updated(view, &SurfaceView::surfacesUpdated);
    const auto& dims = document->volume()->dims;
    document->setMask(std::make_shared<const core::LabelMask>(core::LabelMask::zeros(dims[0], dims[1], dims[2])));
    QVERIFY(updated.wait(kWaitMs));
    QCOMPARE(view->tumourTriangles(), 0);
    QCOMPARE(tumourPixels(view->image()), 0);
}

void TestSurfaceView::screenshots()
{
    // Back to the real mask for the pictures.
    QSignalSpy updated(m_window->surfaceView(), &SurfaceView::surfacesUpdated);
    QSignalSpy masked(m_window.get(), &MainWindow::maskShown);
    m_window->openMask(dinolens::test::dataString("nifti/brain-tumor-progression/01/Post_Mask.nii.gz"));
    QVERIFY(masked.wait(kWaitMs));
    QVERIFY(updated.wait(kWaitMs));
    const QString folder = qEnvironmentVariable("DINOLENS_SCREENSHOT_DIR", m_temporary.path());
    QVERIFY(QDir().mkpath(folder));
    SurfaceView* view = m_window->surfaceView();
    m_window->showSurfaceView();
    view->rotate(30, 15);
    for (const auto& [name, size] : { std::pair { QStringLiteral("surface_view"), QSize(1280, 800) },
             std::pair { QStringLiteral("surface_view_small"), QSize(800, 560) } }) {
        m_window->resize(size);
        QTest::qWait(400); // the full-resolution render follows a resize after 150 ms
        QVERIFY(tumourPixels(view->image()) > 20);
        QVERIFY(m_window->grab().save(QDir(folder).filePath(name + QStringLiteral("_window.png"))));
        QVERIFY(view->grab().save(QDir(folder).filePath(name + QStringLiteral(".png"))));
    }
}

void TestSurfaceView::withoutDisplayShowsMessage()
{
    const QByteArray display = qgetenv("DISPLAY");
    qunsetenv("DISPLAY");
    ViewerDocument document;
    SurfaceView view(&document);
    const bool available = view.isAvailable();
    qputenv("DISPLAY", display);
    QVERIFY(!available);
    QVERIFY(view.message().contains(QStringLiteral("OpenGL")));
    view.resize(300, 200);
    const QImage picture = view.grab().toImage();
    QVERIFY(!picture.isNull());
}

QTEST_MAIN(TestSurfaceView)
#include "tst_surface_view.moc"
