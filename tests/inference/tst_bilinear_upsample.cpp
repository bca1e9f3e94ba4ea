// The head's bilinear upsampling (inference/src/bilinear_upsample.h) against ATen's upsample_bilinear2d with
// align_corners = false, which F.interpolate uses: equal outputs and input gradients, for enlarging, shrinking
// and odd sizes, independent of the thread count.
// This test sees LibTorch, so it is built with QT_NO_KEYWORDS (Qt's `slots` macro breaks torch headers).
#include <QtTest/QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "bilinear_upsample.h"

namespace upsample = dinolens::inference::detail;

class TestBilinearUpsample : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesAtenForwardAndBackward_data()
    {
        QTest::addColumn<int>("inputHeight");
        QTest::addColumn<int>("inputWidth");
        QTest::addColumn<int>("outputHeight");
        QTest::addColumn<int>("outputWidth");
        QTest::newRow("14 -> 224") << 14 << 14 << 224 << 224;
        QTest::newRow("28 -> 640 x 512") << 28 << 28 << 640 << 512;
        QTest::newRow("odd sizes") << 7 << 9 << 31 << 17;
        QTest::newRow("shrinking") << 20 << 16 << 11 << 5;
    }
    void matchesAtenForwardAndBackward()
    {
        QFETCH(int, inputHeight);
        QFETCH(int, inputWidth);
        QFETCH(int, outputHeight);
        QFETCH(int, outputWidth);
        at::Generator generator = at::detail::createCPUGenerator(21);
        const at::Tensor input = at::empty({ 2, 3, inputHeight, inputWidth }).normal_(0.0, 1.0, generator);
        const at::Tensor weights = at::empty({ 2, 3, outputHeight, outputWidth }).normal_(0.0, 1.0, generator);
        at::Tensor ours = input.clone().requires_grad_(true);
        at::Tensor reference = input.clone().requires_grad_(true);
        const at::Tensor out = upsample::upsampleBilinear(ours, outputHeight, outputWidth);
        const at::Tensor expected
            = at::upsample_bilinear2d(reference, { outputHeight, outputWidth }, false, c10::nullopt, c10::nullopt);
        QCOMPARE(out.sizes(), expected.sizes());
        QVERIFY2(at::allclose(out, expected, 1e-5, 1e-5), "forward differs from upsample_bilinear2d");
        (out * weights).sum().backward();
        (expected * weights).sum().backward();
        QVERIFY2(at::allclose(ours.grad(), reference.grad(), 1e-4, 1e-4), "gradient differs from upsample_bilinear2d");
    }

    void resultDoesNotDependOnTheThreadCount()
    {
        at::Generator generator = at::detail::createCPUGenerator(22);
        const at::Tensor input = at::empty({ 4, 4, 14, 14 }).normal_(0.0, 1.0, generator);
        std::vector<at::Tensor> gradients;
        for (int threads : { 1, 2 }) {
            at::set_num_threads(threads);
            at::Tensor x = input.clone().requires_grad_(true);
            (upsample::upsampleBilinear(x, 224, 224) * 0.5).sum().backward();
            gradients.push_back(x.grad());
        }
        QVERIFY(at::equal(gradients[0], gradients[1]));
    }
};

QTEST_GUILESS_MAIN(TestBilinearUpsample)
#include "tst_bilinear_upsample.moc"
