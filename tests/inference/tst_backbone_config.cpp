// config.json parsing for every family and size, the checkpoint registry and the FLOP count.
#include <QtTest/QtTest>

#include "dinolens/inference/backbone_config.h"
#include "dinolens/inference/model_registry.h"

using namespace dinolens::inference;
using dinolens::core::ErrorCode;

class TestBackboneConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesDinov2Base();
    void parsesDinov2GiantSwiglu();
    void parsesDinov2WithRegisters();
    void parsesDinov3Gated();
    void rejectsBadConfigs_data();
    void rejectsBadConfigs();
    void registryListsPublicCheckpoints();
    void flopsOfBaseModels();
};

void TestBackboneConfig::parsesDinov2Base()
{
    auto config = parseBackboneConfig(R"({"model_type":"dinov2","hidden_size":768,"num_hidden_layers":12,
        "num_attention_heads":12,"mlp_ratio":4,"image_size":518,"patch_size":14,"layer_norm_eps":1e-6})");
    QVERIFY(config.ok());
    QCOMPARE(config->family, BackboneFamily::Dinov2);
    QCOMPARE(config->intermediateSize, int64_t { 3072 });
    QCOMPARE(config->positionGridSide(), int64_t { 37 });
    QCOMPARE(config->numPrefixTokens(), int64_t { 1 });
    QCOMPARE(config->activation, Activation::GeluErf);
    QCOMPARE(config->layerNormEps, 1e-6);
    QCOMPARE(config->parameterCount(), int64_t { 86'579'712 }); // 86,580,480 in the checkpoint, less mask_token
}

void TestBackboneConfig::parsesDinov2GiantSwiglu()
{
    auto config = parseBackboneConfig(R"({"model_type":"dinov2","hidden_size":1536,"num_hidden_layers":40,
        "num_attention_heads":24,"mlp_ratio":4,"use_swiglu_ffn":true,"image_size":518,"patch_size":14})");
    QVERIFY(config.ok());
    QCOMPARE(config->mlp, MlpKind::SwiGlu);
    QCOMPARE(config->intermediateSize, int64_t { 4096 }); // (int(6144 * 2 / 3) + 7) // 8 * 8
}

void TestBackboneConfig::parsesDinov2WithRegisters()
{
    auto config = parseBackboneConfig(R"({"model_type":"dinov2_with_registers","num_register_tokens":4})");
    QVERIFY(config.ok());
    QCOMPARE(config->numRegisterTokens, int64_t { 4 });
    QVERIFY(config->positionAntialias);
}

void TestBackboneConfig::parsesDinov3Gated()
{
    auto config = parseBackboneConfig(R"({"model_type":"dinov3_vit","hidden_size":384,"intermediate_size":1536,
        "num_attention_heads":6,"use_gated_mlp":true,"hidden_act":"silu","num_register_tokens":4,
        "key_bias":false,"layer_norm_eps":1e-5,"pos_embed_shift":null})");
    QVERIFY(config.ok());
    QCOMPARE(config->family, BackboneFamily::Dinov3);
    QCOMPARE(config->mlp, MlpKind::Gated);
    QCOMPARE(config->activation, Activation::Silu);
    QVERIFY(!config->keyBias);
    QCOMPARE(config->numPrefixTokens(), int64_t { 5 });
    QCOMPARE(config->headDim(), int64_t { 64 });
}

void TestBackboneConfig::rejectsBadConfigs_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<int>("code");
    const auto row = [](const char* name, const char* json, ErrorCode code) {
        QTest::newRow(name) << QString(json) << static_cast<int>(code);
    };
    row("not json", "{", ErrorCode::InvalidFormat);
    row("array", "[]", ErrorCode::InvalidFormat);
    row("wrong model_type", R"({"model_type":"vit"})", ErrorCode::UnsupportedFormat);
    row("missing model_type", R"({"hidden_size":768})", ErrorCode::UnsupportedFormat);
    row("string size", R"({"model_type":"dinov2","hidden_size":"768"})", ErrorCode::InvalidFormat);
    row("heads do not divide", R"({"model_type":"dinov2","hidden_size":100,"num_attention_heads":3})",
        ErrorCode::InvalidFormat);
    row("unknown activation", R"({"model_type":"dinov3_vit","hidden_act":"mish"})", ErrorCode::UnsupportedFormat);
    row("zero layers", R"({"model_type":"dinov3_vit","num_hidden_layers":0})", ErrorCode::InvalidFormat);
}

void TestBackboneConfig::rejectsBadConfigs()
{
    QFETCH(QString, json);
    QFETCH(int, code);
    auto config = parseBackboneConfig(json.toStdString(), "test");
    QVERIFY(!config.ok());
    QCOMPARE(static_cast<int>(config.error().code), code);
}

void TestBackboneConfig::registryListsPublicCheckpoints()
{
    QCOMPARE(knownCheckpoints().size(), size_t { 14 });
    const KnownCheckpoint* base = findKnownCheckpoint("facebook/dinov2-base");
    QVERIFY(base != nullptr);
    QCOMPARE(base->licence, std::string("Apache-2.0"));
    QVERIFY(!base->gated);
    const KnownCheckpoint* v3 = findKnownCheckpoint("facebook/dinov3-vitb16-pretrain-lvd1689m");
    QVERIFY(v3 != nullptr);
    QVERIFY(v3->gated);
    QCOMPARE(v3->patchSize, int64_t { 16 });
    QVERIFY(findKnownCheckpoint("facebook/dinov2-with-registers-giant") != nullptr);
    QVERIFY(findKnownCheckpoint("dinov3-vit7b16") != nullptr);
    QVERIFY(findKnownCheckpoint("nonexistent") == nullptr);
    auto config = knownCheckpointConfig("dinov3-vith16plus");
    QVERIFY(config.ok());
    QCOMPARE(config->mlp, MlpKind::Gated);
    QCOMPARE(config->headDim(), int64_t { 64 });
    QCOMPARE(knownCheckpointConfig("dinov2-base")->parameterCount(), int64_t { 86'579'712 });
}

void TestBackboneConfig::flopsOfBaseModels()
{
    // DINOv2-B/14 at 224: 257 tokens; 12 x (2 T D (4D + 2I) + 4 T^2 D) + patch embedding.
    const double expected
        = 12.0 * (2.0 * 257 * 768 * (4 * 768 + 2 * 3072) + 4.0 * 257 * 257 * 768) + 2.0 * 256 * 768 * 3 * 14 * 14;
    QCOMPARE(backboneFlops(*knownCheckpointConfig("dinov2-base"), 224, 224), expected);
}

QTEST_GUILESS_MAIN(TestBackboneConfig)
#include "tst_backbone_config.moc"
