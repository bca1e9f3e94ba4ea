// Bad input for training: empty and mislabelled dataset folders, out-of-range class ids, an undecodable image,
// an unwritable run folder, nothing to resume, and changed data refused without touching the checkpoint.
#include <QtTest/QtTest>

#include "dinolens/inference/trainer.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;

namespace {

TrainingConfig configFor(const std::filesystem::path& root)
{
    TrainingConfig config = test::tinyTrainingConfig(0, 64, 1);
    config.dataRoot = root;
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
        auto missing = trainSegmentationHead(configFor(root), root / "run", false);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
        std::filesystem::create_directories(root / "train" / "images");
        auto empty = trainSegmentationHead(configFor(root), root / "run", false);
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
        auto result = trainSegmentationHead(configFor(root), root / "run", false);
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
        auto summary = trainSegmentationHead(configFor(root), root / "run", false);
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
        auto result = trainSegmentationHead(config, root / "plain-file" / "run", false);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, core::ErrorCode::Unwritable);
    }

    void nothingToResume()
    {
        QTemporaryDir folder;
        auto result = trainSegmentationHead({}, folder.filePath("none").toStdString(), true);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, core::ErrorCode::NotFound);
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
        auto first = trainSegmentationHead(config, root / "run", false, callbacks, cancel);
        QVERIFY(first.ok());
        QVERIFY(first->cancelled);
        QCOMPARE(first->epochsCompleted, 1);
        const auto before = test::readBytes(root / "run" / "checkpoint.safetensors");
        test::writeFile(root / "train" / "labels"
                / std::filesystem::directory_iterator(root / "train" / "labels")->path().filename(),
            "");
        auto resumed = trainSegmentationHead({}, root / "run", true);
        QVERIFY(!resumed.ok());
        QVERIFY2(message(resumed.error()).contains("changed"), qPrintable(message(resumed.error())));
        QCOMPARE(test::readBytes(root / "run" / "checkpoint.safetensors"), before);
    }
};

QTEST_GUILESS_MAIN(TestTrainingBadInput)
#include "tst_training_bad_input.moc"
