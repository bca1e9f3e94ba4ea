#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "dinolens/core/windowing.h"

using namespace dinolens::core;

namespace {

template <typename T> Volume makeVolume(PixelType type, int width, int height, int depth, const std::vector<T>& values)
{
    Volume volume;
    volume.pixelType = type;
    volume.dims = { width, height, depth };
    volume.slices.resize(static_cast<std::size_t>(depth));
    const auto* bytes = reinterpret_cast<const std::byte*>(values.data());
    volume.voxels.assign(bytes, bytes + values.size() * sizeof(T));
    return volume;
}

std::vector<int> asInts(const std::vector<std::uint8_t>& bytes)
{
    return { bytes.begin(), bytes.end() };
}

} // namespace

class TestWindowing : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dicomLinearFormula_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<double>("center");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("expected");
        // c 40, w 400: 0 at or below -160, 255 above 239, ((x - 39.5) / 399 + 0.5) * 255 between.
        QTest::newRow("ct lower bound") << -160.0 << 40.0 << 400.0 << 0;
        QTest::newRow("ct far below") << -1000.0 << 40.0 << 400.0 << 0;
        QTest::newRow("ct just above lower") << -159.0 << 40.0 << 400.0 << 1; // 0.639
        QTest::newRow("ct centre - 0.5") << 39.5 << 40.0 << 400.0 << 128; // 127.5 rounds up
        QTest::newRow("ct 100") << 100.0 << 40.0 << 400.0 << 166; // 166.17
        QTest::newRow("ct upper bound") << 239.0 << 40.0 << 400.0 << 255;
        QTest::newRow("ct far above") << 3000.0 << 40.0 << 400.0 << 255;
        // c 128, w 256 is the identity on 0..255.
        QTest::newRow("identity 100.4") << 100.4 << 128.0 << 256.0 << 100;
        QTest::newRow("identity 100.6") << 100.6 << 128.0 << 256.0 << 101;
        // w 1 is a threshold at c - 0.5; smaller widths are treated as 1.
        QTest::newRow("threshold below") << 9.5 << 10.0 << 1.0 << 0;
        QTest::newRow("threshold above") << 9.6 << 10.0 << 1.0 << 255;
        QTest::newRow("width 0 as 1") << 9.6 << 10.0 << 0.0 << 255;
        // c 1, w 2 maps [0, 1] linearly onto [0, 255].
        QTest::newRow("unit range") << 0.5 << 1.0 << 2.0 << 128;
    }
    void dicomLinearFormula()
    {
        QFETCH(double, value);
        QFETCH(double, center);
        QFETCH(double, width);
        QFETCH(int, expected);
        QCOMPARE(int(windowValue(value, center, width)), expected);
    }

    void windowValuesInverts()
    {
        const std::vector<float> values { 0.0f, 100.0f, 255.0f, 400.0f };
        std::vector<std::uint8_t> out(values.size());
        windowValues(values, WindowLevel { 128, 256, {} }, false, out);
        QCOMPARE(asInts(out), (std::vector<int> { 0, 100, 255, 255 }));
        windowValues(values, WindowLevel { 128, 256, {} }, true, out);
        QCOMPARE(asInts(out), (std::vector<int> { 255, 155, 0, 0 }));
    }

    void int16SliceUsesRescale()
    {
        // Stored s, real 2s - 10; identity window. The narrow range goes through the look-up table, the wide
        // one (range larger than the slice) is mapped directly; both must agree with the formula.
        std::vector<std::int16_t> ramp(64);
        std::vector<int> expected(64);
        for (int i = 0; i < 64; ++i) {
            ramp[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i);
            expected[static_cast<std::size_t>(i)] = std::max(0, 2 * i - 10);
        }
        Volume narrow = makeVolume(PixelType::Int16, 8, 8, 1, ramp);
        narrow.rescaleSlope = 2.0;
        narrow.rescaleIntercept = -10.0;
        const auto table = windowSlice(narrow, 0, WindowLevel { 128, 256, {} });
        QVERIFY(table.ok());
        QCOMPARE(asInts(*table), expected);

        Volume wide = makeVolume<std::int16_t>(PixelType::Int16, 4, 1, 1, { -30000, 30000, 60, 7 });
        wide.rescaleSlope = 2.0;
        wide.rescaleIntercept = -10.0;
        QCOMPARE(asInts(*windowSlice(wide, 0, WindowLevel { 128, 256, {} })), (std::vector<int> { 0, 255, 110, 4 }));
    }

    void monochrome1IsInverted()
    {
        Volume volume = makeVolume<std::uint16_t>(PixelType::UInt16, 3, 1, 1, { 0, 100, 1000 });
        volume.monochrome1 = true;
        QCOMPARE(asInts(*windowSlice(volume, 0, WindowLevel { 128, 256, {} })), (std::vector<int> { 255, 155, 0 }));
    }

    void float32Slice()
    {
        Volume volume = makeVolume<float>(PixelType::Float32, 3, 1, 1, { 0.0f, 0.5f, 1.0f });
        QCOMPARE(asInts(*windowSlice(volume, 0, WindowLevel { 1.0, 2.0, {} })), (std::vector<int> { 0, 128, 255 }));
    }

    void sliceOutOfRangeIsAnError()
    {
        const Volume volume = makeVolume<std::uint16_t>(PixelType::UInt16, 1, 1, 1, { 7 });
        QCOMPARE(windowSlice(volume, 1, WindowLevel {}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(windowSlice(Volume {}, 0, WindowLevel {}).error().code, ErrorCode::InvalidArgument);
    }

    void presets()
    {
        const auto presets = mriWindowPresets();
        QCOMPARE(presets.size(), std::size_t { 4 });
        QCOMPARE(presets[0].lowPercentile, 0.0);
        QCOMPARE(presets[0].highPercentile, 100.0);
        QCOMPARE(presets[1].lowPercentile, kAutoLowPercentile);
        for (const WindowPreset& preset : presets) {
            QVERIFY(preset.lowPercentile < preset.highPercentile);
        }
    }

    void percentileWindowOnIntegers()
    {
        std::vector<std::uint16_t> values(100);
        for (std::uint16_t v = 0; v < 100; ++v) {
            values[v] = static_cast<std::uint16_t>(99 - v); // order must not matter
        }
        const Volume volume = makeVolume(PixelType::UInt16, 10, 10, 1, values);
        const auto full = percentileWindow(volume, 0, 100);
        QVERIFY(full.ok());
        QCOMPARE(full->center, 50.0); // [0, 99]: c = 49.5 + 0.5, w = 99 + 1
        QCOMPARE(full->width, 100.0);
        // numpy.percentile(range(100), [1, 99]) = [0.99, 98.01]
        const auto window = autoWindow(volume);
        QVERIFY(window.ok());
        QCOMPARE(window->name, std::string("Auto"));
        QCOMPARE(window->center, 50.0);
        QVERIFY(std::abs(window->width - 98.02) < 1e-9);
        const auto bytes = windowSlice(volume, 0, *window);
        QCOMPARE(int(bytes->front()), 255); // value 99
        QCOMPARE(int(bytes->back()), 0); // value 0
    }

    void dominantBackgroundIsIgnored()
    {
        std::vector<std::int16_t> values(100, 0);
        for (int i = 0; i < 40; ++i) {
            values[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i + 1); // 60 % zeros: background
        }
        const auto masked = percentileWindow(makeVolume(PixelType::Int16, 10, 10, 1, values), 0, 100);
        QCOMPARE(masked->center, 21.0); // [1, 40]
        QCOMPARE(masked->width, 40.0);
        std::vector<std::int16_t> some(100, 0);
        for (int i = 0; i < 90; ++i) {
            some[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i + 1); // 10 % zeros: tissue
        }
        const auto kept = percentileWindow(makeVolume(PixelType::Int16, 10, 10, 1, some), 0, 100);
        QCOMPARE(kept->center, 45.5); // [0, 90]
        QCOMPARE(kept->width, 91.0);
    }

    void negativeSlopeAndSlices()
    {
        std::vector<std::int16_t> values(200);
        for (int i = 0; i < 100; ++i) {
            values[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(i);
            values[static_cast<std::size_t>(100 + i)] = static_cast<std::int16_t>(1000 + i);
        }
        Volume volume = makeVolume(PixelType::Int16, 10, 10, 2, values);
        const auto second = percentileWindow(volume, 0, 100, 1);
        QCOMPARE(second->center, 1050.0); // [1000, 1099]
        QCOMPARE(second->width, 100.0);
        volume.rescaleSlope = -1.0;
        const auto inverted = percentileWindow(volume, 1, 99, 0); // real values -99..0
        QCOMPARE(inverted->center, -49.0);
        QVERIFY(std::abs(inverted->width - 98.02) < 1e-9);
        QCOMPARE(percentileWindow(volume, 0, 100, 2).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(percentileWindow(volume, 50, 50).error().code, ErrorCode::InvalidArgument);
    }

    void floatPercentilesAreCloseAndSkipNaN()
    {
        std::vector<float> values(101);
        for (int i = 0; i <= 100; ++i) {
            values[static_cast<std::size_t>(i)] = static_cast<float>(i) / 100.0f;
        }
        values[50] = std::nanf("");
        const auto window = percentileWindow(makeVolume(PixelType::Float32, 101, 1, 1, values), 0, 100);
        QVERIFY(window.ok());
        QVERIFY(std::abs(window->center - 1.0) < 1e-4); // [0, 1]
        QVERIFY(std::abs(window->width - 2.0) < 1e-4);
    }

    void defaultWindowPrefersTheSource()
    {
        Volume volume = makeVolume<std::uint16_t>(PixelType::UInt16, 2, 1, 1, { 0, 99 });
        QCOMPARE(defaultWindow(volume).name, std::string("Auto"));
        volume.windows.push_back(WindowLevel { 40, 400, "DICOM 1" });
        volume.windows.push_back(WindowLevel { 50, 500, "DICOM 2" });
        const WindowLevel window = defaultWindow(volume);
        QCOMPARE(window.name, std::string("DICOM 1"));
        QCOMPARE(window.center, 40.0);
        QCOMPARE(defaultWindow(Volume {}).name, std::string("Default"));
    }
};

QTEST_GUILESS_MAIN(TestWindowing)
#include "tst_windowing.moc"
