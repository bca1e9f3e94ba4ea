#include "dinolens/ui/feature_jobs.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <exception>

#include "dinolens/inference/engine_module.h"

namespace dinolens::ui {
namespace {

QImage toImage(const inference::RgbImage& rgb)
{
    QImage image(static_cast<int>(rgb.width), static_cast<int>(rgb.height), QImage::Format_RGB888);
    for (int y = 0; y < image.height(); ++y) {
        std::copy_n(rgb.pixels.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(rgb.width) * 3,
            rgb.width * 3, image.scanLine(y));
    }
    return image;
}

void computeFeatures(QPromise<SeriesFeatures>& promise, SeriesFeatures& result, const core::Volume& volume,
    const core::WindowLevel& window, const core::CancelToken& cancel)
{
    const auto engine = inference::loadEngineModule();
    if (!engine) {
        result.status = engine.error();
        return;
    }
    auto predictor = (*engine)->openPredictor(result.runDir.toStdString(), {});
    if (!predictor.ok()) {
        result.status = predictor.error();
        return;
    }
    result.backboneLayers = (*engine)->backboneLayers(**predictor);
    result.layer = std::min(result.layer, result.backboneLayers);
    promise.setProgressRange(0, volume.dims[2]);
    for (int k = 0; k < volume.dims[2]; ++k) {
        if (cancel.isCancelled() || promise.isCanceled()) {
            result.status = core::makeError(core::ErrorCode::Cancelled, "cancelled");
            return;
        }
        auto grey = core::windowSlice(volume, k, window);
        if (!grey.ok()) {
            result.status = grey.error();
            return;
        }
        auto batch = (*engine)->predictBatch(**predictor, { { grey->data(), volume.dims[0], volume.dims[1] } },
            { .withPatchGrid = true, .featureLayer = result.layer });
        if (!batch.ok()) {
            result.status = batch.error();
            return;
        }
        result.grids.push_back(std::move(batch->front().patchGrid));
        promise.setProgressValue(k + 1);
    }
    auto projection = inference::fitPca(result.grids);
    if (!projection.ok()) {
        result.status = projection.error();
        return;
    }
    result.projection = std::move(*projection);
}

} // namespace

QImage SeriesFeatures::pcaImage(int k) const
{
    if (!ready() || k < 0 || k >= static_cast<int>(grids.size())) {
        return {};
    }
    auto rgb = inference::pcaToRgb(grids[static_cast<std::size_t>(k)], projection);
    return rgb.ok() ? toImage(*rgb) : QImage();
}

QImage SeriesFeatures::similarityImage(int k, double u, double v) const
{
    if (!ready() || k < 0 || k >= static_cast<int>(grids.size())) {
        return {};
    }
    const inference::FloatTensor& grid = grids[static_cast<std::size_t>(k)];
    const int64_t rows = grid.size(0);
    const int64_t columns = grid.size(1);
    const auto row = std::clamp<int64_t>(static_cast<int64_t>(v * static_cast<double>(rows)), 0, rows - 1);
    const auto column = std::clamp<int64_t>(static_cast<int64_t>(u * static_cast<double>(columns)), 0, columns - 1);
    auto map = inference::cosineSimilarityMap(grid, row, column);
    return map.ok() ? toImage(inference::colourMap(*map, 0.0F, 1.0F)) : QImage();
}

QFuture<SeriesFeatures> computeSeriesFeaturesAsync(const QString& runDir, std::shared_ptr<const core::Volume> volume,
    core::WindowLevel window, const core::CancelToken& cancel, int layer)
{
    return QtConcurrent::run([runDir, volume, window, cancel, layer](QPromise<SeriesFeatures>& promise) {
        SeriesFeatures result;
        result.runDir = runDir;
        result.layer = std::max(0, layer);
        try {
            computeFeatures(promise, result, *volume, window, cancel);
        } catch (const std::exception& error) {
            result.status = core::makeError(core::ErrorCode::Internal, error.what(), runDir.toStdString());
        }
        promise.addResult(std::move(result));
    });
}

} // namespace dinolens::ui
