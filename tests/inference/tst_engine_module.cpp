// The model engine as the viewer uses it (inference/engine_module.h): this program links only the torch-free part of
// the inference library, starts without LibTorch, loads libdinolens_engine.so on its first model and runs the
// shipped demo model through it; errors cross the module boundary intact, and the module uses this program's
// nifticlib lock (one per process), not its own copy's.
#include <QtTest/QtTest>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "dinolens/inference/engine_module.h"
#include "nifti_library.h" // core's private lock around nifticlib's globals

using namespace dinolens;

namespace {

// Whether a library whose path contains `name` is mapped into this process.
bool mapped(const std::string& name)
{
    std::ifstream maps("/proc/self/maps");
    const std::string text((std::istreambuf_iterator<char>(maps)), std::istreambuf_iterator<char>());
    return text.find(name) != std::string::npos;
}

// A 64 x 64 slice: a dark field with a bright disc.
std::vector<std::uint8_t> discSlice()
{
    std::vector<std::uint8_t> grey(64 * 64, 20);
    for (int y = 0; y < 64; ++y) {
        for (int x = 0; x < 64; ++x) {
            if ((x - 32) * (x - 32) + (y - 30) * (y - 30) < 100) {
                grey[static_cast<std::size_t>(y * 64 + x)] = 220;
            }
        }
    }
    return grey;
}

} // namespace

class TestEngineModule : public QObject {
    Q_OBJECT

private slots:
    void startsWithoutLibTorchAndLoadsItWithTheModule()
    {
        QVERIFY2(!mapped("libtorch"), "LibTorch was loaded before the engine module was asked for");
        const auto engine = inference::loadEngineModule();
        QVERIFY2(engine, engine ? "" : engine.error().toString().c_str());
        QCOMPARE((*engine)->abi, inference::kEngineModuleAbi);
        QVERIFY(mapped(inference::kEngineModuleName));
        QVERIFY(mapped("libtorch_cpu"));
        const auto again = inference::loadEngineModule();
        QVERIFY(again);
        QCOMPARE(*again, *engine); // loaded once
    }

    // Run again as a child with the dynamic loader's binding trace: loading the module binds its nifticlib lock to
    // this program's definition.
    void usesTheProgramsNiftiLock()
    {
        if (qEnvironmentVariableIsSet("DINOLENS_TEST_BINDINGS_CHILD")) {
            const std::lock_guard lock(core::niftiLibraryMutex()); // this program defines the lock
            QVERIFY(inference::loadEngineModule());
            return;
        }
        QTemporaryDir dir;
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("DINOLENS_TEST_BINDINGS_CHILD"), QStringLiteral("1"));
        environment.insert(QStringLiteral("LD_DEBUG"), QStringLiteral("bindings"));
        environment.insert(QStringLiteral("LD_DEBUG_OUTPUT"), dir.filePath(QStringLiteral("trace")));
        child.setProcessEnvironment(environment);
        child.start(QCoreApplication::applicationFilePath(), { QStringLiteral("usesTheProgramsNiftiLock") });
        QVERIFY(child.waitForFinished(120000));
        QVERIFY2(child.exitCode() == 0, child.readAll().constData());
        const QStringList traces = QDir(dir.path()).entryList({ QStringLiteral("trace.*") });
        QVERIFY(!traces.isEmpty());
        QFile trace(dir.filePath(traces.front()));
        QVERIFY(trace.open(QIODevice::ReadOnly));
        const QString program = QFileInfo(QCoreApplication::applicationFilePath()).fileName();
        bool boundToProgram = false;
        bool boundElsewhere = false;
        for (const QByteArray& line : trace.readAll().split('\n')) {
            if (line.contains(inference::kEngineModuleName)
                && line.contains("_ZN8dinolens4core17niftiLibraryMutexEv")) {
                const QByteArray target = line.mid(line.indexOf(" to ") + 4);
                (target.contains(program.toUtf8()) ? boundToProgram : boundElsewhere) = true;
            }
        }
        QVERIFY2(boundToProgram && !boundElsewhere, "the module's nifticlib lock is not the program's");
    }

    void errorsCrossTheModuleIntact()
    {
        const auto engine = inference::loadEngineModule();
        QVERIFY(engine);
        QTemporaryDir empty;
        auto missing = (*engine)->openPredictor(empty.filePath(QStringLiteral("no-run")).toStdString(), {});
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, core::ErrorCode::NotFound);
        QVERIFY(!missing.error().toString().empty());
    }

    void runsTheDemoModelThroughTheModule()
    {
        const auto engine = inference::loadEngineModule();
        QVERIFY(engine);
        auto predictor = (*engine)->openPredictor("demo", { .threads = 2 });
        QVERIFY2(predictor, predictor ? "" : predictor.error().toString().c_str());
        QVERIFY((*engine)->predictorConfig(**predictor).resolution > 0);
        const int layers = (*engine)->backboneLayers(**predictor);
        QVERIFY(layers > 0);

        const auto grey = discSlice();
        auto slice = (*engine)->predict(**predictor, grey.data(), 64, 64);
        QVERIFY2(slice, slice ? "" : slice.error().toString().c_str());
        QCOMPARE(slice->mask.width(), 64);
        QCOMPARE(slice->mask.height(), 64);
        QVERIFY(slice->tumorProbability >= 0.0f && slice->tumorProbability <= 1.0f);
        QVERIFY(slice->tumorPresent
            || std::all_of(
                slice->mask.labels.begin(), slice->mask.labels.end(), [](std::uint8_t id) { return id == 0; }));

        auto batch = (*engine)->predictBatch(
            **predictor, { { grey.data(), 64, 64 }, { grey.data(), 64, 64 } }, { .withPatchGrid = true });
        QVERIFY(batch);
        QCOMPARE(batch->size(), std::size_t(2));
        QCOMPARE(batch->front().mask.labels, slice->mask.labels); // the batch equals the single prediction
        QCOMPARE(batch->front().patchGrid.dim(), std::int64_t(3));

        // A bad slice is refused with an error, not a crash.
        auto empty = (*engine)->predict(**predictor, nullptr, 0, 0);
        QVERIFY(!empty);
        QCOMPARE(empty.error().code, core::ErrorCode::InvalidArgument);
    }

    void segmentsAVolumeThroughTheModule()
    {
        const auto engine = inference::loadEngineModule();
        QVERIFY(engine);
        auto predictor = (*engine)->openPredictor("demo", { .threads = 2 });
        QVERIFY(predictor);
        core::Volume volume;
        volume.pixelType = core::PixelType::Float32;
        volume.dims = { 64, 64, 3 };
        volume.voxels.resize(64 * 64 * 3 * sizeof(float));
        const auto grey = discSlice();
        auto values = volume.as<float>();
        for (std::size_t k = 0; k < 3; ++k) {
            std::copy(grey.begin(), grey.end(), values.begin() + static_cast<std::ptrdiff_t>(k * grey.size()));
        }
        volume.slices.resize(3);
        auto segmentation = (*engine)->segmentVolume(**predictor, volume, {});
        QVERIFY2(segmentation, segmentation ? "" : segmentation.error().toString().c_str());
        QCOMPARE(segmentation->mask.labels.size(), volume.voxelCount());
        QCOMPARE(segmentation->sliceProbabilities.size(), std::size_t(3));
        QVERIFY(!segmentation->threePlanes); // 3 slices: too thin to fuse
    }
};

QTEST_GUILESS_MAIN(TestEngineModule)
#include "tst_engine_module.moc"
