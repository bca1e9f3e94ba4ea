// Save Session / Open Session through the real window on real data: a second window restores the series, the
// slice of each view, zoom/pan, window/level, overlay settings and the mask file, and shows the same pixels.
// A broken session file gives a message and the viewer keeps working.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "dinolens/ui/viewer_session.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;
using dinolens::test::kWaitMs;

class TestViewerSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTripRestoresTheReading();
    void brokenFileShowsMessage();

private:
    QTemporaryDir m_folder;
};

namespace {

constexpr const char* kVolume = "nifti/brain-tumor-progression/02/Post_Scan_T1.nii.gz";

bool saveAndWait(MainWindow& window, const QString& path)
{
    QSignalSpy saved(&window, &MainWindow::sessionSaved);
    window.saveSession(path);
    return saved.wait(kWaitMs) && saved.front().at(1).toString().isEmpty();
}

} // namespace

void TestViewerSession::initTestCase()
{
    DINOLENS_REQUIRE_DATA(kVolume);
    dinolens::test::useTestSettings();
}

void TestViewerSession::roundTripRestoresTheReading()
{
    MainWindow first;
    first.show();
    QVERIFY(QTest::qWaitForWindowExposed(&first));
    QVERIFY(dinolens::test::openAndWait(first, kVolume, true));
    ViewerDocument* document = first.document();
    // A reading: another slice, zoomed and panned, a manual window, outlines at another opacity, pituitary hidden.
    document->setCursor({ 100, 140, 7 });
    first.sliceView(ViewAxis::Axial)->setZoomPan(2.5, 30.0, -12.0);
    first.sliceView(ViewAxis::Coronal)->setZoomPan(1.5, -4.0, 8.0);
    document->setWindow({ 180.0, 260.0, "Manual" });
    OverlayStyle style = document->overlayStyle();
    style.filled = false;
    style.opacity = 0.7;
    style.classVisible[3] = false;
    style.colors[1] = 0xff00ff00u;
    document->setOverlayStyle(style);
    const QString path = m_folder.filePath(QStringLiteral("reading.dlsession"));
    QVERIFY(saveAndWait(first, path));
    const ViewerSession saved = first.currentSession();
    QVERIFY(saved.maskFiles.size() == 1 && saved.maskFiles.front().endsWith(QStringLiteral("Post_Mask.nii.gz")));

    MainWindow second;
    second.show();
    QVERIFY(QTest::qWaitForWindowExposed(&second));
    QSignalSpy restored(&second, &MainWindow::sessionRestored);
    QSignalSpy masked(&second, &MainWindow::maskShown);
    second.openSession(path);
    QVERIFY(restored.wait(kWaitMs));
    QTRY_VERIFY_WITH_TIMEOUT(masked.count() > 0, kWaitMs);

    ViewerDocument* back = second.document();
    QCOMPARE(back->loaded().sourcePath, document->loaded().sourcePath);
    QCOMPARE(back->cursor(), document->cursor());
    QCOMPARE(back->window().center, 180.0);
    QCOMPARE(back->window().width, 260.0);
    QCOMPARE(back->overlayStyle().filled, false);
    QCOMPARE(back->overlayStyle().opacity, 0.7);
    QCOMPARE(back->overlayStyle().classVisible, style.classVisible);
    QCOMPARE(back->overlayStyle().colors[1], 0xff00ff00u);
    QVERIFY(back->groundTruth() != nullptr);
    QVERIFY(back->groundTruth()->labels == document->groundTruth()->labels);
    for (const ViewAxis axis : kViewAxes) {
        const SliceView* a = first.sliceView(axis);
        const SliceView* b = second.sliceView(axis);
        QCOMPARE(b->slice(), a->slice());
        QCOMPARE(b->transform().zoom(), a->transform().zoom());
        QCOMPARE(b->transform().panX(), a->transform().panX());
        QCOMPARE(b->transform().panY(), a->transform().panY());
        // The same composed pixels (grey under the window, outlined overlay in the saved colour).
        QTRY_COMPARE(b->sliceImage(), a->sliceImage());
    }
    // The JSON names what it holds.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY(text.contains("\"format\": \"dinolens-session\"") && text.contains("Post_Scan_T1.nii.gz"));
}

void TestViewerSession::brokenFileShowsMessage()
{
    const QString path = m_folder.filePath(QStringLiteral("broken.dlsession"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"something-else\"}");
    file.close();
    MainWindow window;
    QSignalSpy message(&window, &MainWindow::messageShown);
    window.openSession(path);
    QVERIFY(message.wait(kWaitMs));
    QVERIFY2(window.messageText().contains(QStringLiteral("not a DinoLens session")), qPrintable(window.messageText()));
    // Saving without a study is refused with a message, and nothing is written.
    QSignalSpy saved(&window, &MainWindow::sessionSaved);
    window.saveSession(m_folder.filePath(QStringLiteral("empty.dlsession")));
    QCOMPARE(saved.count(), 1);
    QVERIFY(!QFile::exists(m_folder.filePath(QStringLiteral("empty.dlsession"))));
    // The viewer keeps working.
    QVERIFY(dinolens::test::openAndWait(window, kVolume, true));
}

QTEST_MAIN(TestViewerSession)
#include "tst_viewer_session.moc"
