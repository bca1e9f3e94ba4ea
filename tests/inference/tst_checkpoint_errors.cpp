// Loading checkpoints: snapshot folders (single and sharded), and the one clear error a wrong checkpoint gives.
#include <QtTest/QtTest>

#include <QTemporaryDir>

#include <fstream>

#include "dinolens/inference/backbone.h"
#include "dinolens/inference/safetensors.h"
#include "golden_cases.h"

using namespace dinolens::inference;
using dinolens::core::ErrorCode;

class TestCheckpointErrors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadsSnapshotFolder();
    void loadsShardedSnapshot();
    void reportsKeyMismatches();
    void rejectsWrongModelType();
    void rejectsMissingFiles();

private:
    std::filesystem::path dir() const { return m_dir.path().toStdString(); }
    std::filesystem::path writeConfig(const std::string& name, const std::string& text) const;
    QString loadError(const std::map<std::string, FloatTensor>& tensors) const;
    QTemporaryDir m_dir;
    std::map<std::string, FloatTensor> m_weights;
};

void TestCheckpointErrors::initTestCase()
{
    DINOLENS_REQUIRE_DATA("golden/manifest.json");
    auto weights = readSafetensors(dinolens::test::goldenWeights("v2_mlp"));
    QVERIFY(weights.ok());
    m_weights = std::move(weights).value();
}

std::filesystem::path TestCheckpointErrors::writeConfig(const std::string& name, const std::string& text) const
{
    std::ofstream(dir() / name) << text;
    return dir() / name;
}

QString TestCheckpointErrors::loadError(const std::map<std::string, FloatTensor>& tensors) const
{
    const std::filesystem::path weights = dir() / "edited.safetensors";
    if (!writeSafetensors(weights, tensors).ok()) {
        return "write failed";
    }
    auto model = Backbone::load(ModelSource::fromFiles(dinolens::test::goldenConfig("v2_mlp"), weights));
    if (model.ok()) {
        return {};
    }
    return QString::number(static_cast<int>(model.error().code)) + " " + QString::fromStdString(model.error().message);
}

void TestCheckpointErrors::loadsSnapshotFolder()
{
    const std::filesystem::path snapshot = dir() / "snapshot";
    std::filesystem::create_directories(snapshot);
    std::filesystem::copy_file(dinolens::test::goldenConfig("v3_gated"), snapshot / "config.json");
    std::filesystem::copy_file(dinolens::test::goldenWeights("v3_gated"), snapshot / "model.safetensors");
    auto model = Backbone::load(ModelSource::fromFolder(snapshot));
    QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
    QCOMPARE(model->config().family, BackboneFamily::Dinov3);
    QCOMPARE(model->config().mlp, MlpKind::Gated);
    QCOMPARE(model->config().numRegisterTokens, int64_t { 4 });
}

void TestCheckpointErrors::loadsShardedSnapshot()
{
    const std::filesystem::path snapshot = dir() / "sharded";
    std::filesystem::create_directories(snapshot);
    std::filesystem::copy_file(dinolens::test::goldenConfig("v2_mlp"), snapshot / "config.json");
    std::map<std::string, FloatTensor> first;
    std::map<std::string, FloatTensor> second;
    nlohmann::json index;
    for (const auto& [name, tensor] : m_weights) {
        const bool early = name.find("encoder.layer.1.") == std::string::npos;
        (early ? first : second)[name] = tensor;
        index["weight_map"][name] = early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
    }
    QVERIFY(writeSafetensors(snapshot / "model-00001-of-00002.safetensors", first).ok());
    QVERIFY(writeSafetensors(snapshot / "model-00002-of-00002.safetensors", second).ok());
    std::ofstream(snapshot / "model.safetensors.index.json") << index.dump();
    auto model = Backbone::load(ModelSource::fromFolder(snapshot));
    QVERIFY2(model.ok(), model.ok() ? "" : model.error().toString().c_str());
    QCOMPARE(model->config().numLayers, int64_t { 2 });
}

void TestCheckpointErrors::reportsKeyMismatches()
{
    QVERIFY(loadError(m_weights).isEmpty());
    std::map<std::string, FloatTensor> edited = m_weights;
    edited.erase("encoder.layer.0.mlp.fc1.bias");
    edited.erase("embeddings.mask_token"); // allowed to be absent: training only
    edited["classifier.weight"] = FloatTensor({ 2 }, { 0, 0 });
    edited["layernorm.weight"] = FloatTensor({ 65 }, std::vector<float>(65, 1.0f));
    const QString message = loadError(edited);
    QVERIFY(message.startsWith(QString::number(static_cast<int>(ErrorCode::InvalidFormat))));
    QVERIFY2(message.contains("missing keys (1): encoder.layer.0.mlp.fc1.bias"), qPrintable(message));
    QVERIFY2(message.contains("unexpected keys (1): classifier.weight"), qPrintable(message));
    QVERIFY2(message.contains("layernorm.weight [65] (expected [64])"), qPrintable(message));
    QVERIFY2(!message.contains("mask_token"), qPrintable(message));
}

void TestCheckpointErrors::rejectsWrongModelType()
{
    auto model = Backbone::load(ModelSource::fromFiles(
        writeConfig("vit.json", R"({"model_type":"vit"})"), dinolens::test::goldenWeights("v2_mlp")));
    QVERIFY(!model.ok());
    QCOMPARE(model.error().code, ErrorCode::UnsupportedFormat);
    // A DINOv3 config over DINOv2 weights: the key check names the mismatch instead of crashing.
    auto crossed = Backbone::load(
        ModelSource::fromFiles(dinolens::test::goldenConfig("v3_mlp"), dinolens::test::goldenWeights("v2_mlp")));
    QVERIFY(!crossed.ok());
    QCOMPARE(crossed.error().code, ErrorCode::InvalidFormat);
    QVERIFY(crossed.error().message.find("missing keys") != std::string::npos);
    auto badHeads = Backbone::load(ModelSource::fromFiles(
        writeConfig("heads.json", R"({"model_type":"dinov2","hidden_size":64,"num_attention_heads":5})"),
        dinolens::test::goldenWeights("v2_mlp")));
    QCOMPARE(badHeads.error().code, ErrorCode::InvalidFormat);
}

void TestCheckpointErrors::rejectsMissingFiles()
{
    QCOMPARE(Backbone::load(ModelSource::fromFolder(dir() / "absent")).error().code, ErrorCode::NotFound);
    std::filesystem::create_directories(dir() / "no-weights");
    std::ofstream(dir() / "no-weights" / "config.json") << "{}";
    QCOMPARE(Backbone::load(ModelSource::fromFolder(dir() / "no-weights")).error().code, ErrorCode::NotFound);
    auto truncated = dir() / "truncated.safetensors";
    std::filesystem::copy_file(dinolens::test::goldenWeights("v2_mlp"), truncated);
    std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) / 2);
    auto model = Backbone::load(ModelSource::fromFiles(dinolens::test::goldenConfig("v2_mlp"), truncated));
    QVERIFY(!model.ok());
    QCOMPARE(model.error().code, ErrorCode::InvalidFormat);
}

QTEST_GUILESS_MAIN(TestCheckpointErrors)
#include "tst_checkpoint_errors.moc"
