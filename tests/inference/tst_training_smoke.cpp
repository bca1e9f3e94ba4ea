// A 2-epoch training run on a subset of the real data with a small random backbone, its run folder and
// callbacks, and the on-disk feature cache (training and validation features) giving the same weights and
// validation numbers as the in-memory one.
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/inference/safetensors.h"
#include "dinolens/inference/trainer.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;

class TestTrainingSmoke : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void twoEpochsOnRealData()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        TrainingConfig config = test::tinyTrainingConfig(96, 128, 2);
        int steps = 0;
        std::vector<TrainingEpochMetrics> epochs;
        TrainingCallbacks callbacks;
        callbacks.onStep = [&steps](const TrainingStepMetrics& m) {
            QVERIFY(std::isfinite(m.loss) && m.learningRate > 0.0);
            ++steps;
        };
        callbacks.onEpoch = [&epochs](const TrainingEpochMetrics& m) { epochs.push_back(m); };
        const std::filesystem::path run = folder.filePath("run").toStdString();
        auto summary = trainSegmentationHead(config, run, { .callbacks = callbacks });
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->epochsCompleted, 2);
        QCOMPARE(summary->data.images, 96);
        QCOMPARE(steps, 2 * 12);
        QCOMPARE(epochs.size(), size_t { 2 });
        QVERIFY(std::isfinite(epochs[0].loss) && std::isfinite(epochs[1].loss));
        QVERIFY2(epochs[1].loss < epochs[0].loss, "the loss should fall from epoch 1 to epoch 2");
        QVERIFY(summary->data.pixelCounts[0] > 0);
        QVERIFY(summary->data.classWeights[0] < 1.0f); // background is the most frequent class
        for (const char* file : { "config.json", "data_fingerprint.json", "metrics.csv", "metrics.json",
                 "checkpoint.safetensors", "head.safetensors" }) {
            QVERIFY2(std::filesystem::exists(run / file), file);
        }
        std::ifstream csv(run / "metrics.csv");
        int lines = 0;
        for (std::string line; std::getline(csv, line);) {
            ++lines;
        }
        QCOMPARE(lines, 3);
        auto checkpoint = SafetensorsFile::open(run / "checkpoint.safetensors");
        QVERIFY(checkpoint.ok());
        QCOMPARE(checkpoint->metadata().at("epochs_completed"), std::string("2"));
        QVERIFY(checkpoint->find("adam.m.conv1.weight") != nullptr);
    }

    void augmentationRunsTheBackboneEveryStep()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        TrainingConfig config = test::tinyTrainingConfig(16, 64, 1);
        config.augment = true;
        config.validSplit.clear(); // validation images are never augmented: their features would be cached
        auto summary = trainSegmentationHead(config, folder.filePath("run").toStdString());
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->epochsCompleted, 1);
        QCOMPARE(summary->featureSeconds, 0.0); // nothing cached: augmented pixels differ every step
        QVERIFY(std::isfinite(summary->history.front().loss));
    }

    void diskCacheGivesTheSameWeights()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        TrainingConfig config = test::tinyTrainingConfig(16, 64, 1);
        const std::filesystem::path root = folder.path().toStdString();
        auto memory = trainSegmentationHead(config, root / "memory");
        QVERIFY(memory.ok());
        config.featureCacheDir = root / "cache";
        auto fill = trainSegmentationHead(config, root / "fill");
        QVERIFY(fill.ok());
        QCOMPARE(fill->featuresFromDisk, 0);
        auto reuse = trainSegmentationHead(config, root / "reuse");
        QVERIFY(reuse.ok());
        QCOMPARE(reuse->featuresFromDisk, 16 + 8); // the validation images' features too, under the same keys
        QCOMPARE(reuse->history.back().validLoss, memory->history.back().validLoss);
        auto a = readSafetensors(root / "memory" / "head.safetensors");
        auto b = readSafetensors(root / "reuse" / "head.safetensors");
        QVERIFY(a.ok() && b.ok());
        for (const auto& [name, tensor] : *a) {
            QVERIFY2(tensor.data == b->at(name).data, name.c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestTrainingSmoke)
#include "tst_training_smoke.moc"
