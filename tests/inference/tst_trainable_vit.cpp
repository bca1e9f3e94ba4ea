// The trainable DINOv3 ViT (inference/src/trainable_vit.h) against the inference path: a trained network written
// as a snapshot and loaded with Backbone::load must give the same patch features, gradients must reach every
// weight, and a run that trains its backbone must resume to the same weights as an uninterrupted one.
// This test sees LibTorch, so it is built with QT_NO_KEYWORDS (Qt's `slots` macro breaks torch headers).
#include <QtTest/QtTest>

#include <ATen/ATen.h>

#include "dinolens/inference/backbone.h"
#include "dinolens/inference/base_model.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/trainer.h"
#include "tensor_conversion.h"
#include "trainable_vit.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;
namespace vit = dinolens::inference::detail;

namespace {

BackboneConfig smallConfig(bool gated, int registers)
{
    BackboneConfig config = randomSmallConfig();
    config.patchSize = 8;
    config.numRegisterTokens = registers;
    config.mlp = gated ? MlpKind::Gated : MlpKind::Mlp;
    config.keyBias = !gated; // both bias layouts
    return config;
}

// Moves every weight away from its initial value so that LayerScale, norms and biases all matter.
void perturb(vit::TrainableVit& network)
{
    at::Generator generator = at::detail::createCPUGenerator(5);
    for (auto& [name, tensor] : network.parameters) {
        tensor.add_(at::empty(tensor.sizes()).normal_(0.0, 0.05, generator));
    }
}

} // namespace

class TestTrainableVit : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesTheInferencePath_data()
    {
        QTest::addColumn<bool>("gated");
        QTest::addColumn<int>("registers");
        QTest::newRow("mlp, no registers") << false << 0;
        QTest::newRow("gated, 4 registers") << true << 4;
    }

    void matchesTheInferencePath()
    {
        QFETCH(bool, gated);
        QFETCH(int, registers);
        auto network = vit::TrainableVit::initialise(smallConfig(gated, registers), 3);
        QVERIFY(network.ok());
        perturb(*network);
        QTemporaryDir folder;
        const std::filesystem::path snapshot = folder.filePath("backbone").toStdString();
        QVERIFY(vit::writeBackboneSnapshot(*network, snapshot).ok());

        auto backbone = Backbone::load(ModelSource::fromFolder(snapshot));
        QVERIFY2(backbone.ok(), backbone.ok() ? "" : backbone.error().toString().c_str());
        QCOMPARE(backbone->config().numRegisterTokens, static_cast<int64_t>(registers));
        const at::Tensor pixels = at::randn({ 2, 3, 64, 48 }, at::detail::createCPUGenerator(9));
        auto output = backbone->forward(vit::toFloatTensor(pixels));
        QVERIFY(output.ok());
        const at::Tensor reference = vit::toTorch(output->patchGrid).permute({ 0, 3, 1, 2 });
        at::Tensor trained;
        {
            at::NoGradGuard noGrad;
            trained = network->forward(pixels);
        }
        QCOMPARE(trained.sizes().vec(), (std::vector<int64_t> { 2, 64, 8, 6 }));
        const double difference = (trained - reference).abs().max().item<double>();
        QVERIFY2(difference < 2e-5, qPrintable(QString::number(difference)));

        auto reloaded = vit::TrainableVit::load(ModelSource::fromFolder(snapshot));
        QVERIFY(reloaded.ok());
        for (const auto& [name, tensor] : network->parameters) {
            QVERIFY2(at::equal(tensor, reloaded->parameters.at(name)), name.c_str());
        }
    }

    void gradientsReachEveryWeight()
    {
        auto network = vit::TrainableVit::initialise(smallConfig(false, 4), 3);
        QVERIFY(network.ok());
        network->setRequiresGrad(true);
        const at::Tensor pixels = at::randn({ 2, 3, 32, 32 }, at::detail::createCPUGenerator(2));
        network->forward(pixels).pow(2).sum().backward();
        for (const auto& [name, tensor] : network->parameters) {
            QVERIFY2(tensor.grad().defined() && tensor.grad().abs().sum().item<double>() > 0.0, name.c_str());
        }
    }

    void onlyDinov3CanBeTrained()
    {
        BackboneConfig config = randomSmallConfig();
        config.family = BackboneFamily::Dinov2;
        const auto network = vit::TrainableVit::initialise(config, 1);
        QVERIFY(!network.ok());
        QCOMPARE(network.error().code, core::ErrorCode::InvalidArgument);
    }

    void trainedBackboneRunResumesExactly()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        TrainingConfig config = test::tinyTrainingConfig(16, 64, 2);
        config.trainBackbone = true;
        config.augment = true;
        QTemporaryDir folder;
        const std::filesystem::path straight = folder.filePath("straight").toStdString();
        const std::filesystem::path resumed = folder.filePath("resumed").toStdString();
        auto full = trainSegmentationHead(config, straight);
        QVERIFY2(full.ok(), full.ok() ? "" : full.error().toString().c_str());
        QVERIFY(std::filesystem::exists(straight / "backbone" / "model.safetensors"));
        QVERIFY(std::filesystem::exists(straight / "backbone" / "config.json"));

        // One epoch, then stop (cancel after the first epoch's checkpoint) and resume.
        core::CancelToken cancel;
        TrainingCallbacks stopAfterFirst;
        stopAfterFirst.onEpoch = [&cancel](const TrainingEpochMetrics&) { cancel.cancel(); };
        auto first = trainSegmentationHead(config, resumed, { .callbacks = stopAfterFirst, .cancel = cancel });
        QVERIFY(first.ok());
        QCOMPARE(first->epochsCompleted, 1);
        auto rest = trainSegmentationHead(config, resumed, { .resume = true });
        QVERIFY2(rest.ok(), rest.ok() ? "" : rest.error().toString().c_str());
        QCOMPARE(rest->resumedFromEpoch, 1);
        QCOMPARE(test::readBytes(straight / "backbone" / "model.safetensors"),
            test::readBytes(resumed / "backbone" / "model.safetensors"));
        QCOMPARE(test::readBytes(straight / "head.safetensors"), test::readBytes(resumed / "head.safetensors"));

        // The run predicts with its own trained backbone.
        auto predictor = SegmentationPredictor::open(straight, { .threads = 2 });
        QVERIFY2(predictor.ok(), predictor.ok() ? "" : predictor.error().toString().c_str());
        const std::vector<uint8_t> grey(80 * 60, 100);
        auto mask = predictor->predict(grey.data(), 80, 60);
        QVERIFY(mask.ok());
        QCOMPARE(mask->mask.width(), 80);
    }
};

QTEST_GUILESS_MAIN(TestTrainableVit)
#include "tst_trainable_vit.moc"
