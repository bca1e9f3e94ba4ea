#include <QImage>
#include <QtTest/QtTest>

#include <filesystem>

#include "../common/test_data.h"
#include "dinolens/core/report_figures.h"

using namespace dinolens::core;

namespace {

const char* const kImage = "brain-tumor/valid/images/1000_jpg.rf.1b33b0fbb604a406f23217a48f37b5c9.jpg";

bool isReddish(QRgb pixel)
{
    return qRed(pixel) > qGreen(pixel) + 40 && qRed(pixel) > qBlue(pixel) + 40;
}

} // namespace

class TestReportFigures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boxPlotDrawsOneColourPerSeries()
    {
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("box.png")).toStdString();
        const std::vector<BoxPlotGroup> groups
            = { { "glioma", { { "DINOv2", { 0.2, 0.4, 0.6, 0.8 } }, { "DINOv3", { 0.5, 0.6, 0.7, 0.9 } } } },
                  { "pituitary", { { "DINOv2", { 0.9, 0.95 } }, { "DINOv3", { std::nan(""), 0.85 } } } } };
        QVERIFY(writeBoxPlotPng(path, "Dice per image", groups));
        const QImage image(QString::fromStdString(path.string()));
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 420 && image.height() > 400);
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QRgb p = image.pixel(x, y);
                blue += qBlue(p) > 150 && qRed(p) < 60 ? 1 : 0;
                orange += qRed(p) > 230 && qGreen(p) > 100 && qGreen(p) < 160 && qBlue(p) < 40 ? 1 : 0;
            }
        }
        QVERIFY2(blue > 100 && orange > 100, qPrintable(QStringLiteral("%1 %2").arg(blue).arg(orange)));
        QVERIFY(!std::filesystem::exists(path.string() + ".tmp"));
    }

    void badInputGivesErrors()
    {
        QVERIFY(!writeBoxPlotPng("/tmp/unused.png", "t", {}));
        const auto unwritable = writeBoxPlotPng("/proc/dinolens-no/box.png", "t", { { "g", { { "s", { 0.5 } } } } });
        QVERIFY(!unwritable);
        QCOMPARE(unwritable.error().code, ErrorCode::Unwritable);
    }

    void montageFillsPredictionsAndChecksSizes()
    {
        DINOLENS_REQUIRE_DATA(kImage);
        const QImage source(QString::fromStdString(dinolens::test::dataPath(kImage).string()));
        LabelMask truth = LabelMask::zeros(source.width(), source.height());
        LabelMask prediction = truth;
        for (int y = source.height() / 4; y < source.height() / 2; ++y) {
            for (int x = source.width() / 4; x < source.width() / 2; ++x) {
                prediction.at(x, y) = 1;
                truth.at(x + 10, y) = 1;
            }
        }
        QTemporaryDir dir;
        const std::filesystem::path path = dir.filePath(QStringLiteral("cases.png")).toStdString();
        OverlayCase item { dinolens::test::dataPath(kImage), truth,
            { prediction, LabelMask::zeros(source.width(), source.height()) }, { "A 0.90", "B 0.00" }, "case 1000",
            {} };
        QVERIFY(writeOverlayMontagePng(path, { item, item }, 200));
        const QImage montage(QString::fromStdString(path.string()));
        QCOMPARE(montage.width(), 520); // at least the legend's width
        // Row 1, panel A: the centre of the predicted square is tinted red; panel B at the same place is not.
        const int scaled = 200 * 3 / 8;
        const int y = 30 + 22 + scaled * source.height() / std::max(source.width(), source.height());
        QVERIFY(isReddish(montage.pixel(6 + scaled, y)));
        QVERIFY(!isReddish(montage.pixel(6 + 206 + scaled, y)));

        OverlayCase wrong = item;
        wrong.predictions[0] = LabelMask::zeros(10, 10);
        const auto mismatch = writeOverlayMontagePng(path, { wrong });
        QVERIFY(!mismatch);
        QCOMPARE(mismatch.error().code, ErrorCode::InvalidArgument);
        OverlayCase missing = item;
        missing.image = "/nonexistent/image.jpg";
        QCOMPARE(writeOverlayMontagePng(path, { missing }).error().code, ErrorCode::Unreadable);
    }
};

QTEST_GUILESS_MAIN(TestReportFigures)
#include "tst_report_figures.moc"
