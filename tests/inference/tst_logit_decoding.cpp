// Per-pixel decisions from head logits (inference/src/logit_decoding.h) against ATen's argmax and softmax, and the
// batched prediction path (the server's) against the single-slice one (the viewer's) on the shipped demo model.
// This test sees LibTorch, so it is built with QT_NO_KEYWORDS (Qt's `slots` macro breaks torch headers).
#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "dinolens/inference/segmentation_predictor.h"
#include "logit_decoding.h"

using namespace dinolens;
using namespace dinolens::inference;
namespace decoding = dinolens::inference::detail;

class TestLogitDecoding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classIdsEqualArgmaxWithTies()
    {
        at::Generator generator = at::detail::createCPUGenerator(3);
        // Rounded logits make ties common: both must choose the first of the tied classes.
        at::Tensor logits = at::empty({ 3, 4, 37, 53 }).normal_(0.0, 2.0, generator).round();
        const at::Tensor expected = logits.argmax(1).to(at::kByte);
        QVERIFY(at::equal(decoding::classIds(logits), expected));
        // A non-contiguous view (channels last) decodes the same.
        const at::Tensor channelsLast = logits.permute({ 0, 2, 3, 1 }).contiguous().permute({ 0, 3, 1, 2 });
        QVERIFY(at::equal(decoding::classIds(channelsLast), expected));
    }

    void confidenceIsTheChosenClassProbability()
    {
        at::Generator generator = at::detail::createCPUGenerator(4);
        const at::Tensor logits = at::empty({ 4, 29, 31 }).normal_(0.0, 5.0, generator);
        std::vector<uint8_t> ids(29 * 31);
        std::vector<float> confidence(ids.size());
        decoding::decodeLogits(logits, ids.data(), confidence.data());
        const auto [best, expectedIds] = logits.softmax(0).max(0);
        const at::Tensor bestValues = best.contiguous();
        const at::Tensor expected = expectedIds.to(at::kByte).contiguous();
        for (size_t i = 0; i < ids.size(); ++i) {
            QCOMPARE(ids[i], expected.data_ptr<uint8_t>()[i]);
            QVERIFY(std::abs(confidence[i] - bestValues.data_ptr<float>()[i]) < 1e-6f);
        }
    }

    void rejectsMalformedLogits()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoding::classIds(at::zeros({ 4, 5, 5 })));
        std::vector<uint8_t> ids(25);
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, decoding::decodeLogits(at::zeros({ 1, 4, 5, 5 }), ids.data(), nullptr));
    }

    void batchMasksEqualSingleSliceMasks()
    {
        auto predictor = SegmentationPredictor::open("demo", { .threads = 2 });
        if (!predictor) {
            QSKIP(qPrintable("the demo model is not available: " + QString::fromStdString(predictor.error().message)));
        }
        // Slices of different sizes and contents in one batch, each also segmented alone.
        std::vector<std::vector<uint8_t>> pixels;
        const std::vector<std::pair<int, int>> sizes { { 200, 180 }, { 256, 256 }, { 97, 131 } };
        for (size_t s = 0; s < sizes.size(); ++s) {
            const auto [width, height] = sizes[s];
            std::vector<uint8_t> grey(static_cast<size_t>(width * height));
            for (int y = 0; y < height; ++y) {
                for (int x = 0; x < width; ++x) {
                    const int dx = x - width / 2;
                    const int dy = y - height / 3;
                    grey[static_cast<size_t>(y * width + x)]
                        = static_cast<uint8_t>(dx * dx + dy * dy < 400 ? 230 : (x * 7 + y * 3 + s * 40) % 120);
                }
            }
            pixels.push_back(std::move(grey));
        }
        std::vector<GreySliceView> views;
        for (size_t s = 0; s < sizes.size(); ++s) {
            views.push_back({ pixels[s].data(), sizes[s].first, sizes[s].second });
        }
        auto batch = predictor->predictBatch(views);
        QVERIFY2(batch, batch ? "" : batch.error().message.c_str());
        QCOMPARE(batch->size(), sizes.size());
        for (size_t s = 0; s < sizes.size(); ++s) {
            auto single = predictor->predict(views[s].grey, views[s].width, views[s].height);
            QVERIFY(single);
            QCOMPARE((*batch)[s].mask.width(), sizes[s].first);
            QVERIFY((*batch)[s].mask.labels == single->mask.labels);
            QCOMPARE((*batch)[s].tumorProbability, single->tumorProbability);
            for (float confidence : (*batch)[s].classConfidence) {
                QVERIFY(confidence >= 0.0f && confidence <= 1.0f);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestLogitDecoding)
#include "tst_logit_decoding.moc"
