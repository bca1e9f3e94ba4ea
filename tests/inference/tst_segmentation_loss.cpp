// The training loss on tiny hand-made tensors, and class weights from pixel frequencies.
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/inference/segmentation_loss.h"

using namespace dinolens::inference;

namespace {

// logits [1, C, 1, W] from per-pixel class scores.
FloatTensor rowLogits(const std::vector<std::vector<float>>& pixels)
{
    const auto classes = static_cast<int64_t>(pixels.front().size());
    const auto width = static_cast<int64_t>(pixels.size());
    FloatTensor logits = FloatTensor::zeros({ 1, classes, 1, width });
    for (int64_t x = 0; x < width; ++x) {
        for (int64_t c = 0; c < classes; ++c) {
            logits.data[static_cast<size_t>(c * width + x)] = pixels[static_cast<size_t>(x)][static_cast<size_t>(c)];
        }
    }
    return logits;
}

} // namespace

class TestSegmentationLoss : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void perfectPredictionIsNearZero()
    {
        const std::vector<uint8_t> targets = { 0, 1, 2, 3, 3, 0 };
        std::vector<std::vector<float>> pixels;
        for (uint8_t target : targets) {
            std::vector<float> scores(4, -30.0f);
            scores[target] = 30.0f;
            pixels.push_back(scores);
        }
        auto loss = segmentationLoss(rowLogits(pixels), targets, { { 1.0f, 2.0f, 3.0f, 4.0f } });
        QVERIFY(loss.ok());
        QVERIFY2(loss->diceLoss < 1e-6, qPrintable(QString::number(loss->diceLoss)));
        QVERIFY(loss->crossEntropy < 1e-6);
        QVERIFY(loss->total < 1e-6);
    }

    void uniformLogitsByHand()
    {
        // p = 0.5 everywhere; targets {0, 1}: each class has intersection 0.5 and cardinality 2, so its soft
        // Dice is (2 * 0.5 + 1) / (2 + 1) = 2/3 and the Dice loss 1/3; cross-entropy is ln 2.
        auto loss = segmentationLoss(rowLogits({ { 0.0f, 0.0f }, { 0.0f, 0.0f } }), { 0, 1 });
        QVERIFY(loss.ok());
        QVERIFY(std::abs(loss->crossEntropy - std::log(2.0)) < 1e-6);
        QVERIFY(std::abs(loss->diceLoss - 1.0 / 3.0) < 1e-6);
        QVERIFY(std::abs(loss->total - (0.4 * std::log(2.0) + 0.6 / 3.0)) < 1e-6);
    }

    void classWeightedCrossEntropyByHand()
    {
        // pixel 0: logits (2, 0), target 0 -> nll log(1 + e^-2); pixel 1: (0, 0), target 1 -> ln 2.
        // Weighted mean with w = (1, 3): (nll0 + 3 nll1) / 4.
        auto loss
            = segmentationLoss(rowLogits({ { 2.0f, 0.0f }, { 0.0f, 0.0f } }), { 0, 1 }, { { 1.0f, 3.0f }, 1.0, 0.0 });
        QVERIFY(loss.ok());
        const double expected = (std::log(1.0 + std::exp(-2.0)) + 3.0 * std::log(2.0)) / 4.0;
        QVERIFY2(std::abs(loss->crossEntropy - expected) < 1e-6, qPrintable(QString::number(loss->crossEntropy)));
        QVERIFY(std::abs(loss->total - expected) < 1e-6);
    }

    void badInputIsRefused()
    {
        const FloatTensor logits = rowLogits({ { 0.0f, 0.0f }, { 0.0f, 0.0f } });
        QCOMPARE(segmentationLoss(logits, { 0, 2 }).error().code, dinolens::core::ErrorCode::InvalidArgument);
        QCOMPARE(segmentationLoss(logits, { 0 }).error().code, dinolens::core::ErrorCode::InvalidArgument);
        QCOMPARE(segmentationLoss(logits, { 0, 1 }, { { 1.0f, 1.0f, 1.0f } }).error().code,
            dinolens::core::ErrorCode::InvalidArgument);
    }

    void classWeightsFromFrequencies()
    {
        const std::vector<float> weights = classWeightsFromCounts({ 600, 200, 100, 100 });
        QCOMPARE(weights.size(), size_t { 4 });
        QVERIFY(std::abs(weights[0] - 1000.0f / 2400.0f) < 1e-6f);
        QVERIFY(std::abs(weights[1] - 1.25f) < 1e-6f);
        QVERIFY(std::abs(weights[2] - 2.5f) < 1e-6f);
        QVERIFY(std::abs(weights[3] - 2.5f) < 1e-6f);
        const std::vector<float> absent = classWeightsFromCounts({ 90, 10, 0, 0 });
        QCOMPARE(absent[2], 0.0f);
        QCOMPARE(absent[3], 0.0f);
        QVERIFY(std::abs(absent[1] - 2.5f) < 1e-6f);
        QCOMPARE(classWeightsFromCounts({ 0, 0 }), (std::vector<float> { 0.0f, 0.0f }));
    }
};

QTEST_GUILESS_MAIN(TestSegmentationLoss)
#include "tst_segmentation_loss.moc"
