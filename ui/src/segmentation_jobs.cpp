#include "dinolens/ui/segmentation_jobs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <string>

#include "dinolens/inference/engine_module.h"
#include "dinolens/inference/model_folders.h"

namespace dinolens::ui {
namespace {

ModelOutcome openModel(const QString& runDir, int threads, bool useCuda)
{
    ModelOutcome outcome;
    outcome.runDir = runDir;
    const auto engine = inference::loadEngineModule();
    if (!engine) {
        outcome.status = engine.error();
        return outcome;
    }
    const bool cuda = useCuda && (*engine)->cudaAvailable();
    if (useCuda && !cuda) {
        outcome.warning = QCoreApplication::translate("dinolens::ui::SegmentationController",
            "CUDA was chosen in Preferences, but this build of LibTorch has no CUDA or no NVIDIA GPU is present: "
            "the model runs on the CPU.");
    }
    try {
        auto predictor = (*engine)->openPredictor(std::filesystem::path(runDir.toStdString()),
            { .threads = threads, .device = cuda ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu });
        if (!predictor.ok()) {
            outcome.status = predictor.error();
            return outcome;
        }
        const auto& config = (*engine)->predictorConfig(**predictor);
        const std::string base = config.baseModel.empty() ? std::string("?") : config.baseModel.front();
        outcome.description = QStringLiteral("%1, %2 px").arg(QString::fromStdString(base)).arg(config.resolution);
        outcome.predictor = std::move(*predictor);
    } catch (const std::exception& error) {
        outcome.status = core::makeError(core::ErrorCode::Internal, error.what(), runDir.toStdString());
    }
    return outcome;
}

SliceOutcome segmentOne(const inference::SegmentationPredictor& predictor, const core::Volume& volume,
    const core::WindowLevel& window, int k)
{
    SliceOutcome outcome;
    outcome.slice = k;
    try {
        auto grey = core::windowSlice(volume, k, window);
        if (!grey.ok()) {
            outcome.status = grey.error();
            return outcome;
        }
        const auto engine = inference::loadEngineModule();
        if (!engine) {
            outcome.status = engine.error();
            return outcome;
        }
        auto prediction = (*engine)->predict(predictor, grey->data(), volume.dims[0], volume.dims[1]);
        if (!prediction.ok()) {
            outcome.status = prediction.error();
            return outcome;
        }
        outcome.mask = std::move(prediction->mask);
        outcome.tumorProbability = prediction->tumorProbability;
        outcome.tumorPresent = prediction->tumorPresent;
        outcome.mask.spacing = { volume.spacing[0], volume.spacing[1], volume.spacing[2] };
    } catch (const std::exception& error) {
        outcome.status = core::makeError(core::ErrorCode::Internal, error.what(), "slice " + std::to_string(k));
    }
    return outcome;
}

} // namespace

QFuture<ModelOutcome> loadModelAsync(const QString& runDir, int threads, bool useCuda)
{
    return QtConcurrent::run([runDir, threads, useCuda](QPromise<ModelOutcome>& promise) {
        promise.addResult(openModel(runDir, threads, useCuda));
    });
}

QFuture<SliceOutcome> segmentSlicesAsync(std::shared_ptr<const inference::SegmentationPredictor> predictor,
    std::shared_ptr<const core::Volume> volume, core::WindowLevel window, std::vector<int> slices,
    const core::CancelToken& cancel)
{
    return QtConcurrent::run([predictor, volume, window, slices, cancel](QPromise<SliceOutcome>& promise) {
        const int total = static_cast<int>(slices.size());
        promise.setProgressRange(0, total);
        auto lastReport = std::chrono::steady_clock::time_point {};
        for (int n = 0; n < total; ++n) {
            if (cancel.isCancelled() || promise.isCanceled()) {
                return;
            }
            SliceOutcome outcome = segmentOne(*predictor, *volume, window, slices[static_cast<std::size_t>(n)]);
            const bool failed = !outcome.status.ok();
            promise.addResult(std::move(outcome));
            const auto now = std::chrono::steady_clock::now();
            if (n + 1 == total || now - lastReport >= std::chrono::milliseconds(100)) { // <= 10 Hz
                lastReport = now;
                promise.setProgressValueAndText(n + 1, QStringLiteral("%1 / %2").arg(n + 1).arg(total));
            }
            if (failed) {
                return;
            }
        }
    });
}

bool fusesThreePlanes(const core::Volume& volume)
{
    return inference::suitsThreePlanes(volume);
}

QFuture<SliceOutcome> segmentVolumeThreePlanesAsync(std::shared_ptr<const inference::SegmentationPredictor> predictor,
    std::shared_ptr<const core::Volume> volume, const core::CancelToken& cancel)
{
    return QtConcurrent::run([predictor, volume, cancel](QPromise<SliceOutcome>& promise) {
        const int depth = volume->dims[2];
        promise.setProgressRange(0, depth);
        auto lastReport = std::chrono::steady_clock::time_point {};
        inference::VolumeSegmentationOptions options;
        options.planes = inference::SlicePlanes::Three;
        options.cancel = cancel;
        options.progress = [&](long long done, long long total, const std::string&) {
            const auto now = std::chrono::steady_clock::now();
            if (total > 0 && (done == total || now - lastReport >= std::chrono::milliseconds(100))) { // <= 10 Hz
                lastReport = now;
                const int value = static_cast<int>(done * depth / total);
                promise.setProgressValueAndText(value, QStringLiteral("%1 / %2").arg(value).arg(depth));
            }
        };
        core::Result<inference::VolumeSegmentation> fused = core::makeError(core::ErrorCode::Internal, "not run");
        try {
            const auto engine = inference::loadEngineModule();
            fused = engine ? (*engine)->segmentVolume(*predictor, *volume, options)
                           : core::Result<inference::VolumeSegmentation>(engine.error());
        } catch (const std::exception& error) {
            fused = core::makeError(core::ErrorCode::Internal, error.what(), "three-plane segmentation");
        }
        if (!fused) {
            if (fused.error().code != core::ErrorCode::Cancelled && !promise.isCanceled()) {
                SliceOutcome failed;
                failed.status = fused.error();
                promise.addResult(std::move(failed));
            }
            return;
        }
        const std::size_t plane = volume->sliceVoxelCount();
        for (int k = 0; k < depth; ++k) {
            SliceOutcome outcome;
            outcome.slice = k;
            outcome.mask = core::LabelMask::zeros(volume->dims[0], volume->dims[1]);
            const auto first
                = fused->mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<std::size_t>(k));
            std::copy(first, first + static_cast<std::ptrdiff_t>(plane), outcome.mask.labels.begin());
            outcome.mask.spacing = { volume->spacing[0], volume->spacing[1], volume->spacing[2] };
            outcome.tumorProbability = fused->sliceProbabilities[static_cast<std::size_t>(k)];
            // segmentVolume empties every slice it does not call positive.
            outcome.tumorPresent = std::any_of(
                outcome.mask.labels.begin(), outcome.mask.labels.end(), [](uint8_t id) { return id != 0; });
            promise.addResult(std::move(outcome));
        }
    });
}

QStringList findModelRuns(const QString& folder)
{
    QStringList runs;
    const QDir dir(folder);
    if (folder.isEmpty() || !dir.exists()) {
        return runs;
    }
    if (QFileInfo::exists(dir.filePath(QStringLiteral("config.json")))) {
        runs << dir.absolutePath();
    }
    for (const QString& child : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (QFileInfo::exists(dir.filePath(child + QStringLiteral("/config.json")))) {
            runs << QDir(dir.filePath(child)).absolutePath();
        }
    }
    return runs;
}

QString defaultModelsFolder()
{
    return QString::fromStdString(inference::modelsFolder().string());
}

} // namespace dinolens::ui
