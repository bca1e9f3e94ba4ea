#include <QtTest/QtTest>

#include <algorithm>
#include <string>
#include <vector>

#include "dinolens/core/polygon_label.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

// Renders a mask as one string per row ("0" background, digits for classes) for readable comparisons.
QStringList rows(const LabelMask& mask)
{
    QStringList out;
    for (int j = 0; j < mask.height(); ++j) {
        QString row;
        for (int i = 0; i < mask.width(); ++i) {
            row += QString::number(mask.at(i, j));
        }
        out << row;
    }
    return out;
}

TumorPolygon square(std::uint8_t classId, double low, double high)
{
    return TumorPolygon { classId, { { low, low }, { high, low }, { high, high }, { low, high } } };
}

} // namespace

class TestPolygonLabel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classNames()
    {
        QCOMPARE(tumorClassName(0), "background");
        QCOMPARE(tumorClassName(1), "glioma");
        QCOMPARE(tumorClassName(2), "meningioma");
        QCOMPARE(tumorClassName(3), "pituitary");
        QCOMPARE(tumorClassName(4), "unknown");
    }

    void parsesPolygonsAndShiftsClass()
    {
        const auto label = parsePolygonLabel("2 0.1 0.2 0.5 0.2 0.5 0.6 0.1 0.2\r\n0 0.3 0.3 0.4 0.3 0.4 0.4");
        QVERIFY(label.ok());
        QCOMPARE(label->polygons.size(), std::size_t { 2 });
        QVERIFY(label->problems.empty());
        QCOMPARE(int(label->polygons[0].classId), 3);
        QCOMPARE(label->polygons[0].points.size(), std::size_t { 4 });
        QCOMPARE(label->polygons[0].points[2].x, 0.5);
        QCOMPARE(label->polygons[0].points[2].y, 0.6);
        QCOMPARE(int(label->polygons[1].classId), 1);
    }

    void emptyTextMeansNoTumour_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("blank lines") << "\n\n  \r\n";
    }
    void emptyTextMeansNoTumour()
    {
        QFETCH(QString, text);
        const auto label = parsePolygonLabel(text.toStdString());
        QVERIFY(label.ok());
        QVERIFY(label->polygons.empty());
        QVERIFY(label->problems.empty());
    }

    void garbageIsAnErrorNamingFileAndLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("word as coordinate") << "0 0.1 0.1 0.5 0.1 0.5 0.5\n1 0.1 abc 0.5 0.1 0.5 0.5";
        QTest::newRow("word as class") << "\nglioma 0.1 0.1 0.5 0.1 0.5 0.5";
        QTest::newRow("fractional class") << "\n1.5 0.1 0.1 0.5 0.1 0.5 0.5";
        QTest::newRow("nan coordinate") << "\n0 nan 0.1 0.5 0.1 0.5 0.5";
        QTest::newRow("trailing junk") << "\n0 0.1x 0.1 0.5 0.1 0.5 0.5";
    }
    void garbageIsAnErrorNamingFileAndLine()
    {
        QFETCH(QString, text);
        const auto label = parsePolygonLabel(text.toStdString(), "labels/a.txt");
        QVERIFY(!label.ok());
        QCOMPARE(label.error().code, ErrorCode::InvalidFormat);
        QCOMPARE(label.error().context, std::string("labels/a.txt:2"));
    }

    void defectsSkipThePolygonAndAreReported_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<int>("kind");
        QTest::newRow("odd count") << "0 0.1 0.1 0.5 0.1 0.5" << int(LabelProblemKind::OddCoordinateCount);
        QTest::newRow("class 3") << "3 0.1 0.1 0.5 0.1 0.5 0.5" << int(LabelProblemKind::ClassOutOfRange);
        QTest::newRow("class -1") << "-1 0.1 0.1 0.5 0.1 0.5 0.5" << int(LabelProblemKind::ClassOutOfRange);
        QTest::newRow("far outside") << "0 0.1 0.1 1.5 0.1 0.5 0.5" << int(LabelProblemKind::CoordinateOutOfRange);
        QTest::newRow("two points") << "1 0.003125 0.50078125 0.00625 0.0546875"
                                    << int(LabelProblemKind::DegeneratePolygon);
        QTest::newRow("collinear") << "0 0.1 0.1 0.2 0.2 0.3 0.3 0.1 0.1" << int(LabelProblemKind::DegeneratePolygon);
        QTest::newRow("repeated point") << "0 0.1 0.1 0.1 0.1 0.3 0.3" << int(LabelProblemKind::DegeneratePolygon);
        QTest::newRow("class only") << "0" << int(LabelProblemKind::DegeneratePolygon);
    }
    void defectsSkipThePolygonAndAreReported()
    {
        QFETCH(QString, line);
        QFETCH(int, kind);
        const std::string text = "0 0.1 0.1 0.5 0.1 0.5 0.5\n" + line.toStdString();
        const auto label = parsePolygonLabel(text, "x.txt");
        QVERIFY(label.ok());
        QCOMPARE(label->polygons.size(), std::size_t { 1 }); // the good first line survives
        QCOMPARE(label->problems.size(), std::size_t { 1 });
        QCOMPARE(int(label->problems[0].kind), kind);
        QCOMPARE(label->problems[0].line, 2);
        QVERIFY(label->problems[0].message.find("x.txt:2") != std::string::npos);
        QCOMPARE(label->skippedPolygonCount(), 1);
    }

    void slightlyOutsideIsClampedWithAWarning()
    {
        const auto label = parsePolygonLabel("0 -0.005 0 1 0 1.009 1 0 1");
        QVERIFY(label.ok());
        QCOMPARE(label->polygons.size(), std::size_t { 1 });
        QCOMPARE(label->problems.size(), std::size_t { 1 });
        QCOMPARE(label->problems[0].kind, LabelProblemKind::ClampedCoordinate);
        QVERIFY(!label->problems[0].skipsPolygon());
        QCOMPARE(label->skippedPolygonCount(), 0);
        QCOMPARE(label->polygons[0].points[0].x, 0.0);
        QCOMPARE(label->polygons[0].points[2].x, 1.0);
    }

    void refusesAbsurdSizes()
    {
        LabelParseOptions options;
        options.maxBytes = 16;
        const auto label = parsePolygonLabel("0 0.1 0.1 0.5 0.1 0.5 0.5", "big.txt", options);
        QVERIFY(!label.ok());
        QCOMPARE(label.error().code, ErrorCode::TooLarge);
    }

    void missingFileIsNotFound()
    {
        const auto label = readPolygonLabel("/nonexistent/dinolens/label.txt");
        QVERIFY(!label.ok());
        QCOMPARE(label.error().code, ErrorCode::NotFound);
    }

    void realDegenerateLabel518()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        const auto path
            = dinolens::test::dataPath("brain-tumor/train/labels/518_jpg.rf.6423bbde42b291c9924e0bd70328203f.txt");
        const auto label = readPolygonLabel(path);
        QVERIFY2(label.ok(), label.ok() ? "" : label.error().toString().c_str());
        QVERIFY(label->polygons.empty());
        QCOMPARE(label->problems.size(), std::size_t { 1 });
        QCOMPARE(label->problems[0].kind, LabelProblemKind::DegeneratePolygon);
        QCOMPARE(label->problems[0].line, 1);
    }

    void rasterisesSquareAtPixelCentres()
    {
        const std::vector<TumorPolygon> polygons { square(2, 0.25, 0.75) };
        const auto mask = rasterizePolygons(polygons, 8, 8);
        QVERIFY(mask.ok());
        const QStringList expected { "00000000", "00000000", "00222200", "00222200", "00222200", "00222200", "00000000",
            "00000000" };
        QCOMPARE(rows(*mask), expected);
        const auto small = rasterizePolygons(polygons, 4, 2);
        QVERIFY(small.ok());
        // Pixel centres on the top or left edge are inside, on the bottom or right edge outside (half-open).
        QCOMPARE(rows(*small), (QStringList { "0220", "0000" }));
    }

    void rasterisesTriangleWithHalfOpenEdges()
    {
        const std::vector<TumorPolygon> polygons { TumorPolygon { 1, { { 0, 0 }, { 1, 0 }, { 0, 1 } } } };
        const auto mask = rasterizePolygons(polygons, 4, 4);
        QVERIFY(mask.ok());
        // Pixel (i, j) is inside when its centre satisfies x + y < 4; (3, 0) and the like lie on the edge.
        QCOMPARE(rows(*mask), (QStringList { "1110", "1100", "1000", "0000" }));
    }

    void laterPolygonsPaintOverEarlierOnes()
    {
        const std::vector<TumorPolygon> polygons { square(1, 0.0, 1.0), square(3, 0.25, 0.75) };
        const auto mask = rasterizePolygons(polygons, 4, 4);
        QVERIFY(mask.ok());
        QCOMPARE(rows(*mask), (QStringList { "1111", "1331", "1331", "1111" }));
    }

    void areaIsResolutionIndependent()
    {
        const std::vector<TumorPolygon> polygons { square(1, 0.2, 0.6) };
        for (const int size : { 10, 40, 640 }) {
            const auto mask = rasterizePolygons(polygons, size, size);
            QVERIFY(mask.ok());
            const auto filled = std::count(mask->labels.begin(), mask->labels.end(), std::uint8_t { 1 });
            QCOMPARE(double(filled) / (size * size), 0.16);
        }
    }

    void nonSquareTargetScalesEachAxis()
    {
        const std::vector<TumorPolygon> polygons { TumorPolygon {
            2, { { 0.5, 0.0 }, { 1.0, 0.0 }, { 1.0, 0.5 }, { 0.5, 0.5 } } } };
        const auto mask = rasterizePolygons(polygons, 6, 2);
        QVERIFY(mask.ok());
        QCOMPARE(rows(*mask), (QStringList { "000222", "000000" }));
    }

    void refusesImpossibleSizes()
    {
        const std::vector<TumorPolygon> polygons { square(1, 0.2, 0.6) };
        QCOMPARE(rasterizePolygons(polygons, 0, 4).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(rasterizePolygons(polygons, 100000, 100000).error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestPolygonLabel)
#include "tst_polygon_label.moc"
