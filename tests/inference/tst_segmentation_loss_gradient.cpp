// The fused training loss (inference/src/segmentation_loss_kernel.cpp) against the same loss composed of ATen
// operations, which autograd differentiates: equal values and gradients, with and without class weights, for
// the total and for each term, and independent of the thread count.
// This test sees LibTorch, so it is built with QT_NO_KEYWORDS (Qt's `slots` macro breaks torch headers).
#include <QtTest/QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "loss_functions.h"

namespace fused = dinolens::inference::detail;

namespace {

// The loss as torch.nn.functional writes it: weighted cross-entropy and a soft Dice with smoothing 1.
std::array<at::Tensor, 3> referenceLoss(
    const at::Tensor& logits, const at::Tensor& targets, const at::Tensor& weights, double ceWeight, double diceWeight)
{
    const c10::optional<at::Tensor> weight = weights.defined() ? c10::optional<at::Tensor>(weights) : c10::nullopt;
    const at::Tensor crossEntropy = at::nll_loss2d(at::log_softmax(logits, 1), targets, weight);
    const at::Tensor probabilities = logits.softmax(1);
    const at::Tensor oneHot = at::one_hot(targets, logits.size(1)).permute({ 0, 3, 1, 2 }).to(at::kFloat);
    const at::Tensor intersection = (probabilities * oneHot).sum({ 0, 2, 3 });
    const at::Tensor cardinality = probabilities.sum({ 0, 2, 3 }) + oneHot.sum({ 0, 2, 3 });
    const at::Tensor diceLoss = 1.0 - ((2.0 * intersection + 1.0) / (cardinality + 1.0)).mean();
    return { ceWeight * crossEntropy + diceWeight * diceLoss, crossEntropy, diceLoss };
}

struct Case {
    at::Tensor logits;
    at::Tensor targets;
};

Case makeCase(uint64_t seed)
{
    at::Generator generator = at::detail::createCPUGenerator(seed);
    Case made;
    made.logits = at::empty({ 3, 4, 19, 23 }).normal_(0.0, 3.0, generator);
    made.targets = at::empty({ 3, 19, 23 }, at::kLong).random_(0, 4, generator);
    made.targets.select(0, 1).fill_(0); // an image with background only
    return made;
}

double maxRelativeDifference(const at::Tensor& a, const at::Tensor& b)
{
    return ((a - b).abs().max() / b.abs().max().clamp_min(1e-12)).item<double>();
}

} // namespace

class TestSegmentationLossGradient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valuesAndGradientsMatchTheComposedLoss_data()
    {
        QTest::addColumn<bool>("weighted");
        QTest::addColumn<int>("term"); // 0 total, 1 cross-entropy, 2 Dice
        for (int term = 0; term < 3; ++term) {
            QTest::addRow("unweighted, term %d", term) << false << term;
            QTest::addRow("weighted, term %d", term) << true << term;
        }
    }
    void valuesAndGradientsMatchTheComposedLoss()
    {
        QFETCH(bool, weighted);
        QFETCH(int, term);
        const Case input = makeCase(11);
        const at::Tensor weights = weighted ? at::tensor({ 0.3f, 1.5f, 2.0f, 4.0f }) : at::Tensor();
        at::Tensor a = input.logits.clone().requires_grad_(true);
        at::Tensor b = input.logits.clone().requires_grad_(true);
        const fused::LossTerms terms = fused::segmentationLossTerms(a, input.targets, weights, 0.4, 0.6);
        const auto expected = referenceLoss(b, input.targets, weights, 0.4, 0.6);
        const std::array<at::Tensor, 3> got { terms.total, terms.crossEntropy, terms.diceLoss };
        for (size_t k = 0; k < 3; ++k) {
            QVERIFY2(std::abs(got[k].item<double>() - expected[k].item<double>()) < 1e-5,
                qPrintable(
                    QString("term %1: %2 vs %3").arg(k).arg(got[k].item<double>()).arg(expected[k].item<double>())));
        }
        got[static_cast<size_t>(term)].backward();
        expected[static_cast<size_t>(term)].backward();
        const double difference = maxRelativeDifference(a.grad(), b.grad());
        QVERIFY2(difference < 1e-4, qPrintable(QString::number(difference)));
    }

    void resultDoesNotDependOnTheThreadCount()
    {
        const Case input = makeCase(12);
        std::vector<at::Tensor> gradients;
        for (int threads : { 1, 2 }) {
            at::set_num_threads(threads);
            at::Tensor logits = input.logits.clone().requires_grad_(true);
            fused::segmentationLossTerms(logits, input.targets, at::Tensor(), 0.4, 0.6).total.backward();
            gradients.push_back(logits.grad());
        }
        QVERIFY(at::equal(gradients[0], gradients[1]));
    }

    void rejectsTargetsOutOfRange()
    {
        const Case input = makeCase(13);
        at::Tensor targets = input.targets.clone();
        targets.view({ -1 })[5] = 4;
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, fused::segmentationLossTerms(input.logits, targets, at::Tensor(), 0.4, 0.6));
    }
};

QTEST_GUILESS_MAIN(TestSegmentationLossGradient)
#include "tst_segmentation_loss_gradient.moc"
