// Runs the built `dinolens-cli features` on golden cases and compares its file with the reference outputs.
#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/safetensors.h"
#include "golden_cases.h"

using namespace dinolens::inference;

class TestCliFeatures : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesGolden_data();
    void matchesGolden();
    void writesFeatureMaps();
    void reportsErrors();

private:
    int run(const QStringList& arguments, QString* errorText = nullptr);
    QString m_cli;
    QTemporaryDir m_dir;
};

void TestCliFeatures::initTestCase()
{
    DINOLENS_REQUIRE_CLI(m_cli);
    QVERIFY(m_dir.isValid());
}

int TestCliFeatures::run(const QStringList& arguments, QString* errorText)
{
    QProcess process;
    process.start(m_cli, arguments);
    if (!process.waitForFinished(120000)) {
        return -1;
    }
    if (errorText != nullptr) {
        *errorText = QString::fromUtf8(process.readAllStandardError());
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestCliFeatures::matchesGolden_data()
{
    DINOLENS_REQUIRE_DATA("golden/manifest.json");
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<bool>("asFolder");
    QTest::newRow("v2_mlp_224x168 (config + weights)") << "v2_mlp_224x168" << false;
    QTest::newRow("v3_gated_160x224 (snapshot folder)") << "v3_gated_160x224" << true;
}

void TestCliFeatures::matchesGolden()
{
    QFETCH(QString, caseName);
    QFETCH(bool, asFolder);
    const nlohmann::json entry = dinolens::test::goldenManifest()["cases"][caseName.toStdString()];
    const std::string model = entry["model"].get<std::string>();
    const std::filesystem::path dir = dinolens::test::goldenDir();
    QStringList modelArguments = { QString::fromStdString(dinolens::test::goldenConfig(model).string()),
        QString::fromStdString(dinolens::test::goldenWeights(model).string()) };
    if (asFolder) {
        const std::filesystem::path snapshot = std::filesystem::path(m_dir.path().toStdString()) / model;
        std::filesystem::create_directories(snapshot);
        std::filesystem::copy_file(dinolens::test::goldenConfig(model), snapshot / "config.json",
            std::filesystem::copy_options::overwrite_existing);
        std::filesystem::copy_file(dinolens::test::goldenWeights(model), snapshot / "model.safetensors",
            std::filesystem::copy_options::overwrite_existing);
        modelArguments = { QString::fromStdString(snapshot.string()) };
    }
    const QString output = m_dir.filePath(caseName + ".safetensors");
    const QString input = QString::fromStdString((dir / entry["input"].get<std::string>()).string());
    QString errors;
    const int code = run(QStringList { "features", "--model" } + modelArguments
            + QStringList { "--input", input, "--output", output, "--threads", "2" },
        &errors);
    QVERIFY2(code == 0, qPrintable(errors));
    auto ours = readSafetensors(output.toStdString());
    auto reference = readSafetensors(dir / entry["output"].get<std::string>());
    QVERIFY(ours.ok() && reference.ok());
    for (const std::string name :
        { "last_hidden_state", "pooler_output", "hidden_states.0", "hidden_states.1", "hidden_states.2" }) {
        QVERIFY2(ours->count(name) == 1, name.c_str());
        const double difference = maxAbsDifference(ours->at(name), reference->at(name));
        QVERIFY2(difference <= 1e-5, (name + " differs by " + std::to_string(difference)).c_str());
    }
}

void TestCliFeatures::writesFeatureMaps()
{
    DINOLENS_REQUIRE_DATA("golden/manifest.json");
    RgbImage image { 80, 60, {} };
    for (int64_t i = 0; i < 80 * 60 * 3; ++i) {
        image.pixels.push_back(static_cast<uint8_t>((i * 7) % 251));
    }
    const QString input = m_dir.filePath("pattern.png");
    QVERIFY(saveRgbImage(input.toStdString(), image).ok());
    const QStringList model = { QString::fromStdString(dinolens::test::goldenConfig("v3_mlp").string()),
        QString::fromStdString(dinolens::test::goldenWeights("v3_mlp").string()) };
    const QString pca = m_dir.filePath("pca.png");
    const QString similarity = m_dir.filePath("similarity.png");
    QString errors;
    QVERIFY2(run(QStringList { "pca", "--mask", "--input", input, "--output", pca, "--model" } + model, &errors) == 0,
        qPrintable(errors));
    QVERIFY2(run(QStringList { "similarity", "--grey", "--size", "160", "--query", "2,3", "--input", input, "--output",
                     similarity, "--model" }
                     + model,
                 &errors)
            == 0,
        qPrintable(errors));
    auto pcaImage = loadRgbImage(pca.toStdString());
    auto similarityImage = loadRgbImage(similarity.toStdString());
    QVERIFY(pcaImage.ok() && similarityImage.ok());
    QCOMPARE(pcaImage->width, int64_t { 224 }); // 14 x 14 patches of 16 pixels at the processor's 224
    QCOMPARE(similarityImage->width, int64_t { 160 });
    QVERIFY(run(QStringList { "similarity", "--query", "20,3", "--input", input, "--output", similarity, "--model" }
                + model)
        != 0);
}

void TestCliFeatures::reportsErrors()
{
    QString errors;
    QVERIFY(run({ "features", "--model", m_dir.filePath("absent"), "--input", "x.png", "--output", "y.safetensors" },
                &errors)
        != 0);
    QVERIFY2(errors.contains("not found"), qPrintable(errors));
    QVERIFY(run({ "features", "--model", "facebook/dinov2-base", "--input", "x.png", "--output", "y" }, &errors) != 0);
    QVERIFY2(errors.contains("huggingface.co"), qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestCliFeatures)
#include "tst_cli_features.moc"
