// The CUDA paths against the CPU (label gpu): every golden case's forward pass on the GPU against the reference
// outputs and the CPU's, and `train --device cuda` against `train --device cpu`. Skips where this LibTorch has no
// CUDA or no device is present.
#include <QProcess>
#include <QtTest/QtTest>

#include <fstream>
#include <map>

#include "dinolens/inference/backbone.h"
#include "dinolens/inference/safetensors.h"
#include "golden_cases.h"

using namespace dinolens::inference;

namespace {

// Golden-test tolerance (1e-5) widened for GPU kernels (other summation orders, fused attention).
constexpr double kCudaTolerance = 1e-4;

Backbone loadGolden(const std::string& name, ComputeDevice device)
{
    BackboneOptions options;
    options.device = device;
    auto loaded = Backbone::load(
        ModelSource::fromFiles(dinolens::test::goldenConfig(name), dinolens::test::goldenWeights(name)), options);
    if (!loaded) {
        qFatal("cannot load golden model %s: %s", name.c_str(), loaded.error().toString().c_str());
    }
    return std::move(loaded).value();
}

std::map<std::string, FloatTensor> outputsOf(const Backbone& backbone, const FloatTensor& pixels)
{
    ForwardOptions options;
    options.hiddenStateLayers = { 0, 1, 2 };
    auto output = backbone.forward(pixels, options);
    return output ? namedOutputs(*output) : std::map<std::string, FloatTensor> {};
}

} // namespace

class TestCudaPaths : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (!cudaAvailable()) {
            QSKIP(
                "no CUDA here (this LibTorch has no CUDA or no device is present): the gpu tests run on a GPU machine");
        }
        setComputeThreads(2);
    }

    void goldenCasesOnCuda_data()
    {
        DINOLENS_REQUIRE_DATA("golden/manifest.json");
        QTest::addColumn<QString>("caseName");
        for (const auto& [name, entry] : dinolens::test::goldenManifest()["cases"].items()) {
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
        }
    }

    void goldenCasesOnCuda()
    {
        QFETCH(QString, caseName);
        const nlohmann::json entry = dinolens::test::goldenManifest()["cases"][caseName.toStdString()];
        const std::filesystem::path dir = dinolens::test::goldenDir();
        const std::string model = entry["model"].get<std::string>();
        auto input = SafetensorsFile::open(dir / entry["input"].get<std::string>());
        QVERIFY(input.ok());
        auto pixels = input->readFloat("pixel_values");
        QVERIFY(pixels.ok());
        const Backbone gpu = loadGolden(model, ComputeDevice::Cuda);
        QCOMPARE(gpu.device(), ComputeDevice::Cuda);
        const auto ours = outputsOf(gpu, *pixels);
        const auto cpu = outputsOf(loadGolden(model, ComputeDevice::Cpu), *pixels);
        auto expected = readSafetensors(dir / entry["output"].get<std::string>());
        QVERIFY(expected.ok() && !expected->empty() && !ours.empty());
        for (const auto& [name, reference] : *expected) {
            const auto it = ours.find(name);
            QVERIFY2(it != ours.end(), ("missing output " + name).c_str());
            const double toReference = maxAbsDifference(it->second, reference);
            const double toCpu = maxAbsDifference(it->second, cpu.at(name));
            qInfo(
                "%s %-24s cuda vs reference %.3g, vs cpu %.3g", qPrintable(caseName), name.c_str(), toReference, toCpu);
            QVERIFY2(toReference <= kCudaTolerance && toCpu <= kCudaTolerance, name.c_str());
        }
    }

    void trainOnCudaMatchesCpu()
    {
        QString cli;
        DINOLENS_REQUIRE_CLI(cli);
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QTemporaryDir dir;
        std::map<QString, nlohmann::json> metrics;
        for (const QString& device : { QStringLiteral("cpu"), QStringLiteral("cuda") }) {
            QProcess process;
            process.start(cli,
                { QStringLiteral("train"), QStringLiteral("--data"),
                    QString::fromStdString(dinolens::test::dataPath("brain-tumor").string()),
                    QStringLiteral("--base-model"), QStringLiteral("random-small"), QStringLiteral("--epochs"),
                    QStringLiteral("2"), QStringLiteral("--max-images"), QStringLiteral("8"),
                    QStringLiteral("--resolution"), QStringLiteral("64"), QStringLiteral("--threads"),
                    QStringLiteral("2"), QStringLiteral("--valid-max-images"), QStringLiteral("4"),
                    QStringLiteral("--device"), device, QStringLiteral("--out"), dir.filePath(device) });
            QVERIFY(process.waitForFinished(300000));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
            std::ifstream stream((dir.filePath(device) + QStringLiteral("/metrics.json")).toStdString());
            metrics[device] = nlohmann::json::parse(stream, nullptr, false);
        }
        QCOMPARE(metrics["cuda"].size(), metrics["cpu"].size());
        for (size_t epoch = 0; epoch < metrics["cpu"].size(); ++epoch) {
            for (const char* key : { "loss", "valid_loss" }) {
                const double cpu = metrics["cpu"][epoch][key].get<double>();
                const double cuda = metrics["cuda"][epoch][key].get<double>();
                qInfo("epoch %zu %s: cpu %.6f cuda %.6f", epoch + 1, key, cpu, cuda);
                QVERIFY2(std::abs(cpu - cuda) <= 1e-3, key);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCudaPaths)
#include "tst_cuda_paths.moc"
