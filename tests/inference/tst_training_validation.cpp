// Per-epoch validation of the trainer on the real data: metrics present and in range, in metrics.csv,
// metrics.json, the checkpoint and TensorBoard; no influence on the weights; a missing split only warns; run
// folders and the demo model from before validation existed still load and resume.
#include <QtTest/QtTest>

#include <cmath>

#include <nlohmann/json.hpp>

#include "dinolens/inference/model_folders.h"
#include "dinolens/inference/safetensors.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/trainer.h"
#include "tensorboard_event_reader.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;

namespace {

bool inUnitRange(double value)
{
    return std::isfinite(value) && value >= 0.0 && value <= 1.0;
}

std::vector<std::string> csvLines(const std::filesystem::path& file)
{
    std::ifstream stream(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(stream, line);) {
        lines.push_back(line);
    }
    return lines;
}

long fieldCount(const std::string& line)
{
    return std::count(line.begin(), line.end(), ',') + 1;
}

// Rewrites a run folder as DinoLens wrote it before validation: no valid_* / device in config.json and in the
// checkpoint's metrics history.
void stripValidationFields(const std::filesystem::path& run)
{
    nlohmann::json config = nlohmann::json::parse(test::readBytes(run / "config.json"));
    for (const char* key : { "valid_split", "valid_max_images", "device" }) {
        config.erase(key);
    }
    test::writeFile(run / "config.json", config.dump(2));
    auto checkpoint = SafetensorsFile::open(run / "checkpoint.safetensors");
    QVERIFY(checkpoint.ok());
    std::map<std::string, std::string> metadata = checkpoint->metadata();
    metadata.erase("__metadata__");
    nlohmann::json history = nlohmann::json::parse(metadata.at("history"));
    for (nlohmann::json& epoch : history) {
        for (const char* key : { "valid_images", "valid_loss", "valid_cross_entropy", "valid_dice_loss", "valid_dice",
                 "valid_image_dice", "valid_seconds" }) {
            epoch.erase(key);
        }
    }
    metadata["history"] = history.dump();
    auto tensors = readSafetensors(run / "checkpoint.safetensors");
    QVERIFY(tensors.ok());
    QVERIFY(writeSafetensors(run / "checkpoint.safetensors", *tensors, metadata).ok());
}

} // namespace

class TestTrainingValidation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void validatesEveryEpoch()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        QTemporaryDir folder;
        const std::filesystem::path run = folder.filePath("run").toStdString();
        TrainingConfig config = test::tinyTrainingConfig(32, 64, 2);
        config.validMaxImages = 16;
        std::vector<TrainingEpochMetrics> epochs;
        TrainingCallbacks callbacks;
        callbacks.onEpoch = [&epochs](const TrainingEpochMetrics& m) { epochs.push_back(m); };
        auto summary = trainSegmentationHead(config, run, { .callbacks = callbacks });
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QVERIFY(summary->warnings.empty());
        QCOMPARE(summary->validationData.images, 16);
        QCOMPARE(epochs.size(), size_t { 2 });
        for (const TrainingEpochMetrics& m : epochs) {
            QCOMPARE(m.validImages, 16);
            QVERIFY(std::isfinite(m.validLoss) && m.validLoss > 0.0);
            QVERIFY(std::isfinite(m.validCrossEntropy) && m.validCrossEntropy > 0.0);
            QVERIFY(inUnitRange(m.validDiceLoss));
            QVERIFY2(inUnitRange(m.validImageDice), qPrintable(QString::number(m.validImageDice)));
            for (size_t c = 0; c < 4; ++c) {
                if (summary->validationData.pixelCounts[c] > 0) { // present in the split: Dice is defined
                    QVERIFY2(inUnitRange(m.validDice[c]), qPrintable(QString::number(m.validDice[c])));
                }
            }
            QVERIFY(m.validSeconds > 0.0);
        }
        QVERIFY2(epochs[0].validLoss != epochs[1].validLoss, "the head changed, so must its validation loss");

        const auto lines = csvLines(run / "metrics.csv");
        QCOMPARE(lines.size(), size_t { 3 });
        for (const char* column : { ",valid_images,", ",valid_loss,", ",valid_dice_glioma,", ",valid_image_dice," }) {
            QVERIFY2(lines[0].find(column) != std::string::npos, column);
        }
        QCOMPARE(fieldCount(lines[1]), fieldCount(lines[0]));
        const nlohmann::json metrics = nlohmann::json::parse(test::readBytes(run / "metrics.json"));
        QCOMPARE(metrics.at(1).at("valid_loss").get<double>(), epochs[1].validLoss);
        QCOMPARE(metrics.at(1).at("valid_dice").size(), size_t { 4 });
        QCOMPARE(metrics.at(1).at("valid_images").get<int>(), 16);
        auto checkpoint = SafetensorsFile::open(run / "checkpoint.safetensors");
        QVERIFY(checkpoint.ok());
        const nlohmann::json history = nlohmann::json::parse(checkpoint->metadata().at("history"));
        QCOMPARE(history.at(1).at("valid_image_dice").get<double>(), epochs[1].validImageDice);
        const nlohmann::json fingerprint = nlohmann::json::parse(test::readBytes(run / "data_fingerprint.json"));
        QCOMPARE(fingerprint.at("validation").at("images").get<int>(), 16);

        std::vector<test::DecodedEvent> events;
        for (const auto& entry : std::filesystem::directory_iterator(run / "tensorboard")) {
            const auto more = test::readEventFile(entry.path());
            events.insert(events.end(), more.begin(), more.end());
        }
        const auto loss = test::scalarSeries(events, "valid/loss");
        QCOMPARE(loss.size(), size_t { 2 });
        QCOMPARE(loss[1].second, static_cast<float>(epochs[1].validLoss));
        QCOMPARE(test::scalarSeries(events, "valid/image_dice").size(), size_t { 2 });
    }

    void validationLeavesTheWeightsAlone()
    {
        // Augmentation and dropout draw random numbers every step: validation between epochs must draw none.
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        TrainingConfig config = test::tinyTrainingConfig(16, 64, 3);
        config.augment = true;
        auto validated = trainSegmentationHead(config, root / "validated");
        QVERIFY2(validated.ok(), validated.ok() ? "" : validated.error().toString().c_str());
        QCOMPARE(validated->history.back().validImages, 8);
        config.validSplit.clear();
        auto plain = trainSegmentationHead(config, root / "plain");
        QVERIFY2(plain.ok(), plain.ok() ? "" : plain.error().toString().c_str());
        QCOMPARE(plain->history.back().validImages, 0);
        QVERIFY(plain->warnings.empty());
        QCOMPARE(test::readBytes(root / "validated" / "head.safetensors"),
            test::readBytes(root / "plain" / "head.safetensors"));
        for (size_t epoch = 0; epoch < 3; ++epoch) {
            QCOMPARE(validated->history[epoch].loss, plain->history[epoch].loss);
        }
    }

    void missingSplitOnlyWarns()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::copyRealSamples(root, 4); // train/ only
        TrainingConfig config = test::tinyTrainingConfig(0, 64, 2);
        config.datasets = { { root, 1.0 } };
        std::vector<std::string> warnings;
        TrainingCallbacks callbacks;
        callbacks.onWarning = [&warnings](const std::string& message) { warnings.push_back(message); };
        auto summary = trainSegmentationHead(config, root / "run", { .callbacks = callbacks });
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->epochsCompleted, 2);
        QCOMPARE(warnings.size(), size_t { 1 }); // once, not per epoch
        QVERIFY2(warnings.front().find("validation split \"valid\"") != std::string::npos, warnings.front().c_str());
        QCOMPARE(summary->warnings, warnings);
        QCOMPARE(summary->validationData.images, 0);
        for (const TrainingEpochMetrics& m : summary->history) {
            QCOMPARE(m.validImages, 0);
            QVERIFY(std::isnan(m.validLoss));
        }
        QVERIFY(std::filesystem::exists(root / "run" / "head.safetensors"));
        const auto lines = csvLines(root / "run" / "metrics.csv");
        QCOMPARE(fieldCount(lines.at(1)), fieldCount(lines.at(0)));
    }

    void runsFromBeforeValidationResume()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::copyRealSamples(root, 8);
        test::copyRealSamples(root, 4, "valid");
        TrainingConfig config = test::tinyTrainingConfig(0, 64, 2);
        config.datasets = { { root, 1.0 } };
        config.validSplit.clear(); // the old run never validated
        core::CancelToken cancel;
        TrainingCallbacks callbacks;
        callbacks.onEpoch = [cancel](const TrainingEpochMetrics&) mutable { cancel.cancel(); };
        auto first = trainSegmentationHead(config, root / "run", { .callbacks = callbacks, .cancel = cancel });
        QVERIFY(first.ok() && first->cancelled);
        stripValidationFields(root / "run");

        // The defaults apply to what is missing: the remaining epoch validates on "valid", all of its images.
        auto resumed = trainSegmentationHead({}, root / "run", { .resume = true });
        QVERIFY2(resumed.ok(), resumed.ok() ? "" : resumed.error().toString().c_str());
        QCOMPARE(resumed->resumedFromEpoch, 1);
        QCOMPARE(resumed->history.size(), size_t { 2 });
        QCOMPARE(resumed->history[0].validImages, 0);
        QVERIFY(std::isnan(resumed->history[0].validLoss));
        QCOMPARE(resumed->history[1].validImages, 4);
        const nlohmann::json metrics = nlohmann::json::parse(test::readBytes(root / "run" / "metrics.json"));
        QVERIFY(metrics.at(0).at("valid_loss").is_null());
        QVERIFY(metrics.at(1).at("valid_loss").is_number());
    }

    void olderModelConfigurationLoads()
    {
        // models/demo-tumour-only was trained before validation and several datasets existed: its config.json has
        // "data_root" and no valid_*, datasets or device fields.
        const std::filesystem::path older = demoModelFolder().parent_path() / "demo-tumour-only";
        if (!std::filesystem::exists(older / "config.json")) {
            QSKIP("the shipped model models/demo-tumour-only is not found");
        }
        auto config = trainingConfigFromJson(test::readBytes(older / "config.json"));
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().toString().c_str());
        QCOMPARE(config->validSplit, std::string("valid"));
        QCOMPARE(config->validMaxImages, 0);
        QCOMPARE(config->device, ComputeDevice::Cpu);
        QCOMPARE(config->epochs, 12);
        QCOMPARE(config->datasets.size(), size_t { 1 });
        QCOMPARE(config->datasets[0].weight, 1.0);
        auto predictor = SegmentationPredictor::open(older, { .threads = 2 });
        QVERIFY2(predictor.ok(), predictor.ok() ? "" : predictor.error().toString().c_str());
        QVERIFY(!trainingConfigFromJson(R"({"device": "tpu"})").ok());
    }
};

QTEST_GUILESS_MAIN(TestTrainingValidation)
#include "tst_training_validation.moc"
