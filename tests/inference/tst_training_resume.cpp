// Resume after kill: a real `dinolens-cli train` child is killed mid-run, resumed from its last checkpoint, and
// must end with the same weights, bit for bit, as an uninterrupted run with the same seed (both validating after
// every epoch).
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include "dinolens/inference/safetensors.h"
#include "training_fixtures.h"

using namespace dinolens;

namespace {

QStringList trainArguments(const QString& out)
{
    return { "train", "--data", QString::fromStdString(test::dataPath("brain-tumor").string()), "--base-model",
        "random-small", "--epochs", "8", "--batch-size", "8", "--max-images", "64", "--valid-max-images", "16",
        "--resolution", "128", "--threads", "1", "--seed", "5", "--lr", "0.002", "--out", out };
}

std::vector<double> losses(const std::filesystem::path& run, const char* key = "loss")
{
    std::ifstream stream(run / "metrics.json");
    std::vector<double> values;
    for (const auto& epoch : nlohmann::json::parse(stream)) {
        values.push_back(epoch.at(key).get<double>());
    }
    return values;
}

} // namespace

class TestTrainingResume : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resumeAfterKillIsBitExact()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        const QString cli = qEnvironmentVariable("DINOLENS_CLI");
        if (cli.isEmpty()) {
            QSKIP("DINOLENS_CLI (path of dinolens-cli) is not set; run through ctest");
        }
        QTemporaryDir folder;
        const std::filesystem::path whole = folder.filePath("whole").toStdString();
        const std::filesystem::path killed = folder.filePath("killed").toStdString();

        QProcess uninterrupted;
        uninterrupted.start(cli, trainArguments(QString::fromStdString(whole.string())));
        QVERIFY(uninterrupted.waitForFinished(120000));
        QVERIFY2(uninterrupted.exitCode() == 0, uninterrupted.readAllStandardError().constData());

        QProcess child;
        child.start(cli, trainArguments(QString::fromStdString(killed.string())));
        QVERIFY(child.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(std::filesystem::exists(killed / "checkpoint.safetensors"), 120000);
        child.kill();
        QVERIFY(child.waitForFinished());
        QVERIFY2(!std::filesystem::exists(killed / "head.safetensors"), "the child finished before it was killed");
        auto checkpoint = inference::SafetensorsFile::open(killed / "checkpoint.safetensors");
        QVERIFY2(checkpoint.ok(), "the checkpoint left by the killed run must be intact");
        const int done = std::stoi(checkpoint->metadata().at("epochs_completed"));
        QVERIFY(done >= 1 && done < 8);

        QProcess resumed;
        resumed.start(cli, { "train", "--resume", "--out", QString::fromStdString(killed.string()) });
        QVERIFY(resumed.waitForFinished(120000));
        QVERIFY2(resumed.exitCode() == 0, resumed.readAllStandardError().constData());

        auto a = inference::readSafetensors(whole / "head.safetensors");
        auto b = inference::readSafetensors(killed / "head.safetensors");
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->size(), b->size());
        for (const auto& [name, tensor] : *a) {
            QVERIFY2(tensor.data == b->at(name).data, name.c_str());
        }
        QCOMPARE(losses(killed), losses(whole));
        QCOMPARE(losses(whole).size(), size_t { 8 });
        // Validation runs after every epoch in both, and the resumed run keeps the validation history.
        QCOMPARE(losses(killed, "valid_loss"), losses(whole, "valid_loss"));
    }
};

QTEST_GUILESS_MAIN(TestTrainingResume)
#include "tst_training_resume.moc"
