// Every golden case of ../shared/data/golden must match the reference forward pass within max-abs 1e-5 for
// every tensor in its output file.
#include <QtTest/QtTest>

#include <map>
#include <memory>

#include "dinolens/inference/backbone.h"
#include "dinolens/inference/safetensors.h"
#include "golden_cases.h"

using namespace dinolens::inference;

class TestBackboneGolden : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setComputeThreads(2); }
    void matchesReference_data();
    void matchesReference();
    void hiddenStateSelection();

private:
    const Backbone& model(const std::string& name);
    std::map<std::string, std::unique_ptr<Backbone>> m_models;
};

const Backbone& TestBackboneGolden::model(const std::string& name)
{
    auto it = m_models.find(name);
    if (it == m_models.end()) {
        auto loaded = Backbone::load(
            ModelSource::fromFiles(dinolens::test::goldenConfig(name), dinolens::test::goldenWeights(name)));
        if (!loaded) {
            qFatal("cannot load golden model %s: %s", name.c_str(), loaded.error().toString().c_str());
        }
        it = m_models.emplace(name, std::make_unique<Backbone>(std::move(loaded).value())).first;
    }
    return *it->second;
}

void TestBackboneGolden::matchesReference_data()
{
    DINOLENS_REQUIRE_DATA("golden/manifest.json");
    QTest::addColumn<QString>("caseName");
    const nlohmann::json manifest = dinolens::test::goldenManifest();
    QVERIFY(manifest.contains("cases"));
    for (const auto& [name, entry] : manifest["cases"].items()) {
        QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
}

void TestBackboneGolden::matchesReference()
{
    QFETCH(QString, caseName);
    const nlohmann::json entry = dinolens::test::goldenManifest()["cases"][caseName.toStdString()];
    const std::filesystem::path dir = dinolens::test::goldenDir();
    const Backbone& backbone = model(entry["model"].get<std::string>());
    auto input = SafetensorsFile::open(dir / entry["input"].get<std::string>());
    QVERIFY2(input.ok(), input.ok() ? "" : input.error().toString().c_str());
    auto pixels = input->readFloat("pixel_values");
    QVERIFY(pixels.ok());
    ForwardOptions options;
    options.hiddenStateLayers = { 0, 1, 2 };
    options.includePositionTables = true;
    auto output = backbone.forward(*pixels, options);
    QVERIFY2(output.ok(), output.ok() ? "" : output.error().toString().c_str());
    QCOMPARE(output->gridHeight, entry["patch_grid_hw"][0].get<int64_t>());
    QCOMPARE(output->gridWidth, entry["patch_grid_hw"][1].get<int64_t>());
    const std::map<std::string, FloatTensor> ours = namedOutputs(*output);
    auto expected = readSafetensors(dir / entry["output"].get<std::string>());
    QVERIFY(expected.ok());
    QVERIFY(!expected->empty());
    for (const auto& [name, reference] : *expected) {
        const auto it = ours.find(name);
        QVERIFY2(it != ours.end(), ("missing output " + name).c_str());
        const double difference = maxAbsDifference(it->second, reference);
        qInfo("%s %-24s max|diff| = %.3g", qPrintable(caseName), name.c_str(), difference);
        QVERIFY2(difference <= 1e-5, (name + " differs by " + std::to_string(difference)).c_str());
    }
}

void TestBackboneGolden::hiddenStateSelection()
{
    DINOLENS_REQUIRE_DATA("golden/manifest.json");
    const Backbone& backbone = model("v3_gated");
    FloatTensor pixels = FloatTensor::zeros({ 1, 3, 40, 33 }); // grid 2 x 2, remainder pixels dropped
    ForwardOptions options;
    options.hiddenStateLayers = { -1 };
    auto output = backbone.forward(pixels, options);
    QVERIFY(output.ok());
    QCOMPARE(output->hiddenStates.size(), size_t { 1 });
    QVERIFY(output->hiddenStates.count(2) == 1);
    QCOMPARE(output->patchGrid.shape, (std::vector<int64_t> { 1, 2, 2, 64 }));
    QCOMPARE(output->registers.shape, (std::vector<int64_t> { 1, 4, 64 }));
    options.hiddenStateLayers = { 3 };
    QVERIFY(!backbone.forward(pixels, options).ok());
    QVERIFY(!backbone.forward(FloatTensor::zeros({ 1, 3, 8, 64 }), {}).ok());
}

QTEST_GUILESS_MAIN(TestBackboneGolden)
#include "tst_backbone_golden.moc"
