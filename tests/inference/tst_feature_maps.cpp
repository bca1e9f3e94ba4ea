// PCA and cosine-similarity views of patch features.
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/inference/feature_maps.h"

using namespace dinolens::inference;

namespace {

// A 6 x 8 grid of 16-d features: a bright square "object" (rows 2..3, cols 3..5) on a background, plus noise.
FloatTensor syntheticGrid(float offset)
{
    FloatTensor grid = FloatTensor::zeros({ 6, 8, 16 });
    for (int64_t r = 0; r < 6; ++r) {
        for (int64_t c = 0; c < 8; ++c) {
            const bool object = r >= 2 && r <= 3 && c >= 3 && c <= 5;
            for (int64_t d = 0; d < 16; ++d) {
                const float noise = 0.05f * std::sin(static_cast<float>(r * 131 + c * 17 + d * 7));
                const float signal = object ? (d < 8 ? 3.0f : -1.0f) : (d < 8 ? -0.5f : 0.5f);
                grid.data[static_cast<size_t>((r * 8 + c) * 16 + d)]
                    = signal + noise + offset + 0.3f * static_cast<float>(c) * (d == 15 ? 1.0f : 0.0f);
            }
        }
    }
    return grid;
}

} // namespace

class TestFeatureMaps : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void similarityOfQueryToItselfIsOne();
    void similarityRejectsQueryOutsideGrid();
    void pcaSeparatesObjectFromBackground();
    void foregroundMaskBlacksOutBackground();
    void jointFitSharesColours();
    void imageOfBatchSlices();
};

void TestFeatureMaps::similarityOfQueryToItselfIsOne()
{
    const FloatTensor grid = syntheticGrid(0.0f);
    auto map = cosineSimilarityMap(grid, 2, 4);
    QVERIFY(map.ok());
    QCOMPARE(map->shape, (std::vector<int64_t> { 6, 8 }));
    QVERIFY(std::fabs(map->data[2 * 8 + 4] - 1.0f) < 1e-6f);
    for (const float value : map->data) {
        QVERIFY(value <= 1.0f + 1e-6f && value >= -1.0f - 1e-6f);
    }
    QVERIFY(map->data[3 * 8 + 5] > 0.9f); // same object
    QVERIFY(map->data[0] < 0.0f); // background points the other way
}

void TestFeatureMaps::similarityRejectsQueryOutsideGrid()
{
    const FloatTensor grid = syntheticGrid(0.0f);
    QVERIFY(!cosineSimilarityMap(grid, 6, 0).ok());
    QVERIFY(!cosineSimilarityMap(grid, 0, -1).ok());
    QVERIFY(!cosineSimilarityMap(FloatTensor({ 2, 2 }, { 1, 2, 3, 4 }), 0, 0).ok());
}

void TestFeatureMaps::pcaSeparatesObjectFromBackground()
{
    const FloatTensor grid = syntheticGrid(0.0f);
    auto projection = fitPca({ grid });
    QVERIFY(projection.ok());
    auto image = pcaToRgb(grid, *projection);
    QVERIFY(image.ok());
    QCOMPARE(image->width, int64_t { 8 });
    QCOMPARE(image->height, int64_t { 6 });
    // The first component (red) splits object and background: far apart at opposite ends of the range.
    const int objectRed = image->pixels[static_cast<size_t>((2 * 8 + 4) * 3)];
    const int backgroundRed = image->pixels[0];
    QVERIFY2(
        std::abs(objectRed - backgroundRed) > 150, qPrintable(QString("%1 vs %2").arg(objectRed).arg(backgroundRed)));
}

void TestFeatureMaps::foregroundMaskBlacksOutBackground()
{
    const FloatTensor grid = syntheticGrid(0.0f);
    PcaOptions options;
    options.foregroundMask = true;
    auto projection = fitPca({ grid }, options);
    QVERIFY(projection.ok());
    auto image = pcaToRgb(grid, *projection, options);
    QVERIFY(image.ok());
    int colouredObjectPatches = 0;
    for (int64_t r = 0; r < 6; ++r) {
        for (int64_t c = 0; c < 8; ++c) {
            const bool object = r >= 2 && r <= 3 && c >= 3 && c <= 5;
            const uint8_t* p = &image->pixels[static_cast<size_t>((r * 8 + c) * 3)];
            const bool black = p[0] == 0 && p[1] == 0 && p[2] == 0;
            QVERIFY2(object || black, qPrintable(QString("background patch %1,%2 is not black").arg(r).arg(c)));
            colouredObjectPatches += object && !black ? 1 : 0;
        }
    }
    QVERIFY(colouredObjectPatches >= 5);
}

void TestFeatureMaps::jointFitSharesColours()
{
    // Two different images that share the object: the second has an extra bright tissue in its top rows, which a
    // fit of its own would spread the colours over. A joint fit gives the shared object patches one colour in both.
    const FloatTensor first = syntheticGrid(0.0f);
    FloatTensor second = syntheticGrid(0.0f);
    for (size_t i = 0; i < static_cast<size_t>(2 * 8 * 16); ++i) {
        second.data[i] = (i % 16 < 4) ? 6.0f : -2.0f;
    }
    const auto colourAt = [](const RgbImage& image, int64_t row, int64_t column) {
        const size_t at = static_cast<size_t>((row * image.width + column) * 3);
        return std::vector<uint8_t>(image.pixels.begin() + static_cast<std::ptrdiff_t>(at),
            image.pixels.begin() + static_cast<std::ptrdiff_t>(at + 3));
    };
    auto joint = fitPca({ first, second });
    QVERIFY(joint.ok());
    auto a = pcaToRgb(first, *joint);
    auto b = pcaToRgb(second, *joint);
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a->width, int64_t { 8 });
    QVERIFY(a->pixels != b->pixels); // different images
    for (int64_t row = 2; row < 6; ++row) { // every patch the two share
        for (int64_t column = 0; column < 8; ++column) {
            QCOMPARE(colourAt(*a, row, column), colourAt(*b, row, column));
        }
    }
    // Fitted one by one, the same object patch gets two different colours: the joint fit is what aligns them.
    auto ownFirst = fitPca({ first });
    auto ownSecond = fitPca({ second });
    QVERIFY(ownFirst.ok() && ownSecond.ok());
    auto c = pcaToRgb(first, *ownFirst);
    auto d = pcaToRgb(second, *ownSecond);
    QVERIFY(c.ok() && d.ok());
    QVERIFY(colourAt(*c, 2, 4) != colourAt(*d, 2, 4));
    QVERIFY(!fitPca({ first, FloatTensor::zeros({ 6, 8, 4 }) }).ok());
    QVERIFY(!pcaToRgb(FloatTensor::zeros({ 6, 8, 4 }), *joint).ok());
}

void TestFeatureMaps::imageOfBatchSlices()
{
    FloatTensor batch = FloatTensor::zeros({ 2, 1, 2, 3 });
    for (size_t i = 0; i < batch.data.size(); ++i) {
        batch.data[i] = static_cast<float>(i);
    }
    auto second = imageOfBatch(batch, 1);
    QVERIFY(second.ok());
    QCOMPARE(second->shape, (std::vector<int64_t> { 1, 2, 3 }));
    QCOMPARE(second->data.front(), 6.0f);
    QVERIFY(!imageOfBatch(batch, 2).ok());
    const RgbImage big = upscaleNearest(RgbImage { 1, 1, { 1, 2, 3 } }, 3);
    QCOMPARE(big.width, int64_t { 3 });
    QCOMPARE(big.pixels[big.pixels.size() - 1], uint8_t { 3 });
}

QTEST_GUILESS_MAIN(TestFeatureMaps)
#include "tst_feature_maps.moc"
