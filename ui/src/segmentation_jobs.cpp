#include "dinolens/ui/segmentation_jobs.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <exception>
#include <filesystem>
#include <string>

#include "dinolens/inference/model_folders.h"
#include "dinolens/inference/segmentation_predictor.h"

namespace dinolens::ui {
namespace {

ModelOutcome openModel(const QString& runDir, int threads, bool useCuda)
{
    ModelOutcome outcome;
    outcome.runDir = runDir;
    const bool cuda = useCuda && inference::cudaAvailable();
    if (useCuda && !cuda) {
        outcome.warning = QCoreApplication::translate("dinolens::ui::SegmentationController",
            "CUDA was chosen in Preferences, but this build of LibTorch has no CUDA or no NVIDIA GPU is present: "
            "the model runs on the CPU.");
    }
    try {
        auto predictor = inference::SegmentationPredictor::open(std::filesystem::path(runDir.toStdString()),
            { .threads = threads, .device = cuda ? inference::ComputeDevice::Cuda : inference::ComputeDevice::Cpu });
        if (!predictor.ok()) {
            outcome.status = predictor.error();
            return outcome;
        }
        const auto& config = predictor->config();
        const std::string base = config.baseModel.empty() ? std::string("?") : config.baseModel.front();
        outcome.description = QStringLiteral("%1, %2 px").arg(QString::fromStdString(base)).arg(config.resolution);
        outcome.predictor = std::make_shared<const inference::SegmentationPredictor>(std::move(*predictor));
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
        auto prediction = predictor.predict(grey->data(), volume.dims[0], volume.dims[1]);
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
