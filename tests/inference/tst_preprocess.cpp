// Preprocessing: the PIL bicubic kernel and the DINOv2 processor against references computed with Pillow 9.4 /
// NumPy (HF BitImageProcessor steps), and properties of the float (DINOv3, MRI) path.
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/inference/preprocess.h"

using namespace dinolens::inference;

namespace {

RgbImage pattern(int64_t width, int64_t height)
{
    RgbImage image { width, height, {} };
    for (int64_t y = 0; y < height; ++y) {
        for (int64_t x = 0; x < width; ++x) {
            for (int64_t c = 0; c < 3; ++c) {
                image.pixels.push_back(static_cast<uint8_t>((x * 37 + y * 91 + c * 53 + (x * y) % 17 * 11) % 256));
            }
        }
    }
    return image;
}

uint64_t fnv1a(const void* data, size_t size)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
        hash = (hash ^ bytes[i]) * 0x100000001b3ull;
    }
    return hash;
}

} // namespace

class TestPreprocess : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pilBicubicMatchesPillow_data();
    void pilBicubicMatchesPillow();
    void dinov2MatchesBitImageProcessor();
    void dinov3FloatPath();
    void greySliceReplicatesChannels();
    void rejectsEmptyInput();
};

void TestPreprocess::pilBicubicMatchesPillow_data()
{
    QTest::addColumn<qint64>("width");
    QTest::addColumn<qint64>("height");
    QTest::addColumn<quint64>("hash");
    // Image.fromarray(pattern(37, 23)).resize((w, h), Image.BICUBIC), hashed with FNV-1a over the RGB bytes.
    QTest::newRow("down 16x10") << qint64 { 16 } << qint64 { 10 } << quint64 { 0x73e77c83882f9587ull };
    QTest::newRow("up 50x31") << qint64 { 50 } << qint64 { 31 } << quint64 { 0xa8bbd428735e69e8ull };
    QTest::newRow("vertical only 37x11") << qint64 { 37 } << qint64 { 11 } << quint64 { 0x523e01c81f93d31dull };
    QTest::newRow("horizontal only 20x23") << qint64 { 20 } << qint64 { 23 } << quint64 { 0x671a8e8ded9cd79full };
}

void TestPreprocess::pilBicubicMatchesPillow()
{
    QFETCH(qint64, width);
    QFETCH(qint64, height);
    QFETCH(quint64, hash);
    const RgbImage resized = resizePilBicubic(pattern(37, 23), width, height);
    QCOMPARE(resized.pixels.size(), static_cast<size_t>(width * height * 3));
    QCOMPARE(fnv1a(resized.pixels.data(), resized.pixels.size()), hash);
}

void TestPreprocess::dinov2MatchesBitImageProcessor()
{
    // 300 x 200 -> short side 256 (384 x 256) -> centre crop 224 -> /255 (float64) -> ImageNet normalisation.
    auto pixels = preprocessDinov2(pattern(300, 200));
    QVERIFY(pixels.ok());
    QCOMPARE(pixels->shape, (std::vector<int64_t> { 1, 3, 224, 224 }));
    QCOMPARE(pixels->data[0], 1.5296685695648193f);
    QCOMPARE(pixels->data[2], 0.6220567226409912f);
    QCOMPARE(fnv1a(pixels->data.data(), pixels->data.size() * sizeof(float)), quint64 { 0x12f172837c1c66c9ull });
}

void TestPreprocess::dinov3FloatPath()
{
    RgbImage flat { 100, 60, std::vector<uint8_t>(100 * 60 * 3, 0) };
    for (size_t i = 0; i < flat.pixels.size(); ++i) {
        flat.pixels[i] = static_cast<uint8_t>(i % 3 == 0 ? 200 : i % 3 == 1 ? 100 : 50);
    }
    auto pixels = preprocessDinov3(flat, 64, 48);
    QVERIFY(pixels.ok());
    QCOMPARE(pixels->shape, (std::vector<int64_t> { 1, 3, 64, 48 }));
    const float values[3] = { 200.0f, 100.0f, 50.0f };
    for (int64_t c = 0; c < 3; ++c) {
        const float expected = (values[c] * static_cast<float>(1.0 / 255.0) - kImageNetMean[c]) / kImageNetStd[c];
        for (int64_t i = 0; i < 64 * 48; ++i) {
            QVERIFY(std::fabs(pixels->data[static_cast<size_t>(c * 64 * 48 + i)] - expected) < 1e-5f);
        }
    }
}

void TestPreprocess::greySliceReplicatesChannels()
{
    std::vector<float> slice(30 * 20);
    for (size_t i = 0; i < slice.size(); ++i) {
        slice[i] = static_cast<float>(i % 30) / 29.0f;
    }
    slice[0] = 2.0f; // outside the window: clamped to 1
    auto pixels = preprocessGreySlice(slice.data(), 30, 20, 32, 48);
    QVERIFY(pixels.ok());
    QCOMPARE(pixels->shape, (std::vector<int64_t> { 1, 3, 32, 48 }));
    const size_t plane = 32 * 48;
    for (size_t i = 0; i < plane; ++i) {
        const float grey0 = pixels->data[i] * kImageNetStd[0] + kImageNetMean[0];
        const float grey2 = pixels->data[2 * plane + i] * kImageNetStd[2] + kImageNetMean[2];
        QVERIFY(std::fabs(grey0 - grey2) < 1e-5f);
        QVERIFY(grey0 > -1e-5f && grey0 < 1.0f + 1e-5f);
    }
    std::vector<uint8_t> bytes(30 * 20, 255);
    auto white = preprocessGreySlice(bytes.data(), 30, 20, 30, 20);
    QVERIFY(white.ok());
    QVERIFY(std::fabs(white->data[0] - (1.0f - kImageNetMean[0]) / kImageNetStd[0]) < 1e-5f);
}

void TestPreprocess::rejectsEmptyInput()
{
    QVERIFY(!preprocessDinov2(RgbImage {}).ok());
    QVERIFY(!preprocessDinov3(RgbImage {}).ok());
    QVERIFY(!preprocessGreySlice(static_cast<const float*>(nullptr), 4, 4, 8, 8).ok());
    QVERIFY(!loadRgbImage("/nonexistent/image.png").ok());
}

QTEST_GUILESS_MAIN(TestPreprocess)
#include "tst_preprocess.moc"
