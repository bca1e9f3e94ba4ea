// What a training run reports besides its checkpoint: TensorBoard events (read back independently) and its run
// registry entry (also through `dinolens-cli runs`); an unwritable registry only warns.
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include "dinolens/core/run_registry.h"
#include "dinolens/inference/trainer.h"
#include "tensorboard_event_reader.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;

namespace {

std::vector<test::DecodedEvent> runEvents(const std::filesystem::path& run)
{
    std::vector<test::DecodedEvent> events;
    for (const auto& entry : std::filesystem::directory_iterator(run / "tensorboard")) {
        const auto more = test::readEventFile(entry.path());
        events.insert(events.end(), more.begin(), more.end());
    }
    return events;
}

int imagesTagged(const std::vector<test::DecodedEvent>& events, const std::string& prefix, int64_t step)
{
    int count = 0;
    for (const test::DecodedEvent& event : events) {
        for (const test::DecodedValue& value : event.values) {
            const bool png = value.image && value.image->encoded.rfind("\x89PNG", 0) == 0;
            count += event.step == step && png && value.tag.rfind(prefix, 0) == 0 ? 1 : 0;
        }
    }
    return count;
}

} // namespace

class TestTrainingRunLog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesTensorBoardAndRecordsTheRun()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        const std::filesystem::path registryFile = root / "runs.sqlite";
        qputenv("DINOLENS_RUN_REGISTRY", QByteArray::fromStdString(registryFile.string()));
        const std::filesystem::path run = root / "run";
        auto summary = trainSegmentationHead(test::tinyTrainingConfig(16, 64, 2), run);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QVERIFY(summary->warnings.empty());

        const auto events = runEvents(run);
        QCOMPARE(events.front().fileVersion, std::string("brain.Event:2"));
        const auto loss = test::scalarSeries(events, "epoch/loss");
        QCOMPARE(loss.size(), size_t { 2 });
        QCOMPARE(loss[0].first, int64_t { 1 });
        QCOMPARE(loss[1].first, int64_t { 2 });
        QCOMPARE(loss[1].second, static_cast<float>(summary->history[1].loss));
        for (const char* tag : { "epoch/cross_entropy", "epoch/dice_loss", "epoch/learning_rate" }) {
            QVERIFY2(test::scalarSeries(events, tag).size() == 2, tag);
        }
        QCOMPARE(test::scalarSeries(events, "step/loss").size(), size_t { 2 * 2 }); // 16 images, batches of 8
        QVERIFY(!test::scalarSeries(events, "train_dice/mean_tumour").empty());
        QCOMPARE(imagesTagged(events, "predictions/", 1), 4);
        QCOMPARE(imagesTagged(events, "predictions/", 2), 4);

        auto registry = core::RunRegistry::open(registryFile);
        QVERIFY(registry.ok());
        auto recorded = registry->find(run);
        QVERIFY(recorded.ok() && recorded->has_value());
        const core::RunRecord& entry = **recorded;
        QCOMPARE(entry.status, core::RunStatus::Finished);
        QCOMPARE(entry.epochsDone, 2);
        QCOMPARE(entry.epochsPlanned, 2);
        QCOMPARE(*entry.lastLoss, summary->history[1].loss);
        QCOMPARE(entry.baseModel, std::string("random-small"));

        const QString cli = qEnvironmentVariable("DINOLENS_CLI");
        if (!cli.isEmpty()) {
            QProcess list;
            list.start(cli, { "runs", "list", "--registry", QString::fromStdString(registryFile.string()), "--json" });
            QVERIFY(list.waitForFinished(30000));
            QCOMPARE(list.exitCode(), 0);
            const auto json = nlohmann::json::parse(list.readAllStandardOutput().toStdString());
            QCOMPARE(json.at("runs").size(), size_t { 1 });
            QCOMPARE(json["runs"][0].at("status").get<std::string>(), std::string("finished"));
            QProcess forget;
            forget.start(cli,
                { "runs", "forget", "--registry", QString::fromStdString(registryFile.string()),
                    QString::fromStdString(run.string()) });
            QVERIFY(forget.waitForFinished(30000));
            QCOMPARE(forget.exitCode(), 0);
            QCOMPARE(registry->list()->size(), size_t { 0 });
        }
    }

    void cancelledRunIsRecordedAsCancelled()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        qputenv("DINOLENS_RUN_REGISTRY", QByteArray::fromStdString((root / "runs.sqlite").string()));
        core::CancelToken cancel;
        TrainingCallbacks callbacks;
        callbacks.onEpoch = [cancel](const TrainingEpochMetrics&) mutable { cancel.cancel(); };
        auto summary = trainSegmentationHead(
            test::tinyTrainingConfig(16, 64, 3), root / "run", { .callbacks = callbacks, .cancel = cancel });
        QVERIFY(summary.ok() && summary->cancelled);
        auto registry = core::RunRegistry::open(root / "runs.sqlite");
        QVERIFY(registry.ok());
        const core::RunRecord entry = registry->find(root / "run")->value();
        QCOMPARE(entry.status, core::RunStatus::Cancelled);
        QCOMPARE(entry.epochsDone, 1);
    }

    void unwritableRegistryOnlyWarns()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir folder;
        const std::filesystem::path root = folder.path().toStdString();
        test::writeFile(root / "plain-file", "x");
        qputenv("DINOLENS_RUN_REGISTRY", QByteArray::fromStdString((root / "plain-file" / "runs.sqlite").string()));
        std::vector<std::string> warnings;
        TrainingCallbacks callbacks;
        callbacks.onWarning = [&warnings](const std::string& message) { warnings.push_back(message); };
        auto summary
            = trainSegmentationHead(test::tinyTrainingConfig(8, 64, 1), root / "run", { .callbacks = callbacks });
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->epochsCompleted, 1);
        QCOMPARE(warnings.size(), size_t { 1 });
        QVERIFY(warnings.front().find("run registry") != std::string::npos);
        QCOMPARE(summary->warnings, warnings);
        QVERIFY(std::filesystem::exists(root / "run" / "head.safetensors"));
    }
};

QTEST_GUILESS_MAIN(TestTrainingRunLog)
#include "tst_training_run_log.moc"
