// Bad input for training: empty and mislabelled dataset folders, out-of-range class ids, an undecodable image,
// an unwritable run folder, nothing to resume, a diverging run and changed data refused without touching the
// checkpoint.
#include <QtTest/QtTest>

#include "dinolens/inference/safetensors.h"
#include "dinolens/inference/trainer.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;

namespace {

TrainingConfig configFor(const std::filesystem::path& root)
{
    TrainingConfig config = test::tinyTrainingConfig(0, 64, 1);
    config.datasets = { { root, 1.0 } };
    return config;
}

QString message(const core::Error& error)
{
    return QString::fromStdString(error.toString());
}

} // namespace

class TestTrainingBadInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyDatasetFolder()
    {
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        auto missing = trainSegmentationHead(configFor(root), root / "run");
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
        std::filesystem::create_directories(root / "train" / "images");
        auto empty = trainSegmentationHead(configFor(root), root / "run");
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, core::ErrorCode::InvalidFormat);
    }

    void mislabelledFolder()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::copyRealSamples(root, 3);
        for (const auto& entry : std::filesystem::directory_iterator(root / "train" / "labels")) {
            std::filesystem::rename(
                entry.path(), root / "train" / "labels" / ("other_" + entry.path().filename().string()));
        }
        auto result = trainSegmentationHead(configFor(root), root / "run");
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, core::ErrorCode::InvalidFormat);
        QVERIFY2(message(result.error()).contains("3 without a label file"), qPrintable(message(result.error())));
    }

    void skipsBadClassIdsAndUndecodableImages()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::copyRealSamples(root, 4);
        test::writeFile(root / "train" / "labels" / "zz_bad_class.txt", "7 0.1 0.1 0.5 0.1 0.5 0.5\n");
        std::filesystem::copy_file(std::filesystem::directory_iterator(root / "train" / "images")->path(),
            root / "train" / "images" / "zz_bad_class.jpg");
        test::writeFile(root / "train" / "images" / "zz_broken.jpg", "not a jpeg at all");
        test::writeFile(root / "train" / "labels" / "zz_broken.txt", "0 0.1 0.1 0.5 0.1 0.5 0.5\n");
        auto summary = trainSegmentationHead(configFor(root), root / "run");
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->data.undecodableImages, 1);
        QCOMPARE(summary->data.skippedPolygons, 1);
        QCOMPARE(summary->data.images, 5);
        QCOMPARE(summary->epochsCompleted, 1);
    }

    void unwritableRunFolder()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::writeFile(root / "plain-file", "x");
        TrainingConfig config = test::tinyTrainingConfig(4, 64, 1);
        auto result = trainSegmentationHead(config, root / "plain-file" / "run");
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, core::ErrorCode::Unwritable);
    }

    void nothingToResume()
    {
        QTemporaryDir folder;
        auto result = trainSegmentationHead({}, folder.filePath("none").toStdString(), { .resume = true });
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, core::ErrorCode::NotFound);
    }

    void nonFiniteLossKeepsTheCheckpoint_data()
    {
        QTest::addColumn<double>("weightDecay");
        QTest::addColumn<QString>("expected");
        // AdamW multiplies every weight by (1 - lr x decay) each step: far beyond 2 the weights explode. The first
        // overflows within epoch 2's training steps; the second only in its last update, which validation sees.
        QTest::newRow("training step") << 1e30 << QStringLiteral("the loss is not finite at step 4");
        QTest::newRow("validation") << 1e12 << QStringLiteral("the validation loss is not finite after epoch 2");
    }

    void nonFiniteLossKeepsTheCheckpoint()
    {
        QFETCH(double, weightDecay);
        QFETCH(QString, expected);
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        QTemporaryDir folder;
        const std::filesystem::path run = folder.filePath("run").toStdString();
        auto first = trainSegmentationHead(test::tinyTrainingConfig(16, 64, 1), run);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().toString().c_str());
        // A schedule changed between epochs, as config.json edits and --resume allow: one more epoch, with a
        // weight decay that makes the optimiser diverge.
        auto config = trainingConfigFromJson(test::readBytes(run / "config.json"));
        QVERIFY(config.ok());
        config->epochs = 2;
        config->weightDecay = weightDecay;
        test::writeFile(run / "config.json", trainingConfigToJson(*config));
        const auto checkpoint = test::readBytes(run / "checkpoint.safetensors");
        const auto metrics = test::readBytes(run / "metrics.json");
        std::vector<TrainingEpochMetrics> epochs;
        TrainingCallbacks callbacks;
        callbacks.onEpoch = [&epochs](const TrainingEpochMetrics& m) { epochs.push_back(m); };
        auto diverged = trainSegmentationHead({}, run, { .resume = true, .callbacks = callbacks });
        QVERIFY(!diverged.ok());
        QCOMPARE(diverged.error().code, core::ErrorCode::Internal);
        QVERIFY2(message(diverged.error()).contains(expected), qPrintable(message(diverged.error())));
        QVERIFY2(
            message(diverged.error()).contains("the last checkpoint is intact"), qPrintable(message(diverged.error())));
        QVERIFY(epochs.empty()); // epoch 2 was never reported as completed
        QCOMPARE(test::readBytes(run / "checkpoint.safetensors"), checkpoint);
        QCOMPARE(test::readBytes(run / "metrics.json"), metrics);
        auto resumable = SafetensorsFile::open(run / "checkpoint.safetensors");
        QVERIFY(resumable.ok());
        QCOMPARE(resumable->metadata().at("epochs_completed"), std::string("1"));
    }

    void changedDataLeavesCheckpointIntact()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::copyRealSamples(root, 4);
        TrainingConfig config = configFor(root);
        config.epochs = 2;
        core::CancelToken cancel;
        TrainingCallbacks callbacks;
        callbacks.onEpoch = [cancel](const TrainingEpochMetrics&) mutable { cancel.cancel(); };
        auto first = trainSegmentationHead(config, root / "run", { .callbacks = callbacks, .cancel = cancel });
        QVERIFY(first.ok());
        QVERIFY(first->cancelled);
        QCOMPARE(first->epochsCompleted, 1);
        const auto before = test::readBytes(root / "run" / "checkpoint.safetensors");
        test::writeFile(root / "train" / "labels"
                / std::filesystem::directory_iterator(root / "train" / "labels")->path().filename(),
            "");
        auto resumed = trainSegmentationHead({}, root / "run", { .resume = true });
        QVERIFY(!resumed.ok());
        QVERIFY2(message(resumed.error()).contains("changed"), qPrintable(message(resumed.error())));
        QCOMPARE(test::readBytes(root / "run" / "checkpoint.safetensors"), before);
    }
};

QTEST_GUILESS_MAIN(TestTrainingBadInput)
#include "tst_training_bad_input.moc"
