// The segmentation head's widths, shapes, parameters and weight round trip.
#include <QtTest/QtTest>

#include "dinolens/inference/segmentation_head.h"

using namespace dinolens::inference;

class TestSegmentationHead : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void widthsFollowHiddenSize_data()
    {
        QTest::addColumn<qint64>("hidden");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("second");
        QTest::newRow("base 768 (study)") << qint64(768) << qint64(256) << qint64(128);
        QTest::newRow("small 384") << qint64(384) << qint64(128) << qint64(64);
        QTest::newRow("large 1024") << qint64(1024) << qint64(344) << qint64(176);
        QTest::newRow("tiny 64") << qint64(64) << qint64(24) << qint64(16);
    }
    void widthsFollowHiddenSize()
    {
        QFETCH(qint64, hidden);
        QFETCH(qint64, first);
        QFETCH(qint64, second);
        const SegmentationHeadConfig config = headConfigForHiddenSize(hidden);
        QCOMPARE(config.inputChannels, hidden);
        QCOMPARE(config.firstWidth, first);
        QCOMPARE(config.secondWidth, second);
        QCOMPARE(config.numClasses, int64_t { 4 });
        QCOMPARE(config.dropout, 0.1);
    }

    void forwardUpsamplesToOutputSize()
    {
        auto head = SegmentationHead::create(headConfigForHiddenSize(64), 1);
        QVERIFY(head.ok());
        FloatTensor grid = FloatTensor::zeros({ 2, 4, 5, 64 });
        for (size_t i = 0; i < grid.data.size(); ++i) {
            grid.data[i] = static_cast<float>((i * 37) % 11) / 11.0f - 0.5f;
        }
        auto logits = head->forward(grid, 64, 80);
        QVERIFY2(logits.ok(), logits.ok() ? "" : logits.error().message.c_str());
        QCOMPARE(logits->shape, (std::vector<int64_t> { 2, 4, 64, 80 }));
        // 1x1 64->24 (no bias) + 2x24 BN, 3x3 24->16 (no bias) + 2x16 BN, 1x1 16->4 + bias.
        QCOMPARE(head->parameterCount(), int64_t { 64 * 24 + 48 + 24 * 16 * 9 + 32 + 16 * 4 + 4 });
        QVERIFY(!head->forward(FloatTensor::zeros({ 1, 4, 4, 32 }), 16, 16).ok());
    }

    void weightsRoundTrip()
    {
        auto head = SegmentationHead::create(headConfigForHiddenSize(64), 5);
        QVERIFY(head.ok());
        auto copy = SegmentationHead::fromWeights(head->config(), head->weights());
        QVERIFY(copy.ok());
        const FloatTensor grid(std::vector<int64_t> { 1, 3, 3, 64 }, std::vector<float>(9 * 64, 0.25f));
        QCOMPARE(maxAbsDifference(*head->forward(grid, 12, 12), *copy->forward(grid, 12, 12)), 0.0);
        auto weights = head->weights();
        weights.erase("conv2.weight");
        auto broken = SegmentationHead::fromWeights(head->config(), weights);
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().code, dinolens::core::ErrorCode::InvalidFormat);
        QCOMPARE(QString::fromStdString(broken.error().context), QStringLiteral("conv2.weight"));
    }

    void sameSeedSameWeights()
    {
        auto a = SegmentationHead::create(headConfigForHiddenSize(64), 9);
        auto b = SegmentationHead::create(headConfigForHiddenSize(64), 9);
        auto c = SegmentationHead::create(headConfigForHiddenSize(64), 10);
        QCOMPARE(a->weights().at("conv1.weight").data, b->weights().at("conv1.weight").data);
        QVERIFY(a->weights().at("conv1.weight").data != c->weights().at("conv1.weight").data);
    }
};

QTEST_GUILESS_MAIN(TestSegmentationHead)
#include "tst_segmentation_head.moc"
