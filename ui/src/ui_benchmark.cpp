#include "dinolens/ui/ui_benchmark.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

#include "dinolens/core/data_location.h"
#include "dinolens/core/nifti_reader.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/core/windowing.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {
namespace {

double percentile(std::vector<double> values, double fraction)
{
    if (values.empty()) {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(
        std::clamp(fraction * static_cast<double>(values.size() - 1), 0.0, static_cast<double>(values.size() - 1)));
    return values[index];
}

/// Float32 copy of `volume` with each in-plane voxel repeated `factor` times (nearest neighbour).
core::Volume upsampleInPlane(const core::Volume& volume, int factor)
{
    core::Volume out;
    out.pixelType = core::PixelType::Float32;
    out.dims = { volume.dims[0] * factor, volume.dims[1] * factor, volume.dims[2] };
    out.spacing = { volume.spacing[0] / factor, volume.spacing[1] / factor, volume.spacing[2] };
    out.origin = volume.origin;
    out.direction = volume.direction;
    out.slices = volume.slices;
    out.voxels.resize(out.voxelCount() * sizeof(float));
    auto values = out.as<float>();
    for (int k = 0; k < out.dims[2]; ++k) {
        for (int j = 0; j < out.dims[1]; ++j) {
            for (int i = 0; i < out.dims[0]; ++i) {
                const std::size_t source = static_cast<std::size_t>(i / factor)
                    + static_cast<std::size_t>(volume.dims[0])
                        * (j / factor + static_cast<std::size_t>(volume.dims[1]) * k);
                values[i + static_cast<std::size_t>(out.dims[0]) * (j + static_cast<std::size_t>(out.dims[1]) * k)]
                    = static_cast<float>(volume.value(source));
            }
        }
    }
    return out;
}

LoadedVolume loadedOf(core::Volume volume)
{
    LoadedVolume loaded;
    loaded.windows = { core::defaultWindow(volume) };
    loaded.expectedSlices = volume.dims[2];
    loaded.volume = std::make_shared<const core::Volume>(std::move(volume));
    loaded.sourcePath = QStringLiteral("bench");
    return loaded;
}

void measureRender(const core::Volume& volume, const core::Volume& maskVolume, int frames, UiBenchmarkResult& result)
{
    const int factor = std::max(1, 512 / std::max(1, volume.dims[0]));
    ViewerDocument document;
    SliceView view(&document, ViewAxis::Axial); // before the volume: the view sets its plane up from volumeChanged
    view.resize(512, 512);
    view.show();
    document.setVolume(loadedOf(upsampleInPlane(volume, factor)));
    const core::Volume maskUp = upsampleInPlane(maskVolume, factor);
    core::LabelMask mask = core::LabelMask::zeros(maskUp.dims[0], maskUp.dims[1], maskUp.dims[2]);
    for (std::size_t n = 0; n < mask.labels.size(); ++n) {
        mask.labels[n] = maskUp.value(n) > 0.5 ? 1 : 0;
    }
    document.setMask(std::make_shared<const core::LabelMask>(std::move(mask)));
    QCoreApplication::processEvents();
    if (view.sliceImage().size() != QSize(512, 512)) {
        result.error = "the slice view does not show a 512 x 512 slice";
        return;
    }
    QImage target(512, 512, QImage::Format_RGB32);
    std::vector<double> times;
    QElapsedTimer clock;
    for (int n = 0; n < frames + 5; ++n) {
        // Each frame shows another slice: composing it (windowed grey + overlay) and painting it are both timed.
        clock.start();
        view.scrollSlices(n % 2 == 0 ? 1 : -1);
        QPainter painter(&target);
        view.render(&painter);
        painter.end();
        if (n >= 5) { // the first frames warm caches
            times.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        }
    }
    result.renderFrames = static_cast<int>(times.size());
    result.renderP50Ms = percentile(times, 0.5);
    result.renderP95Ms = percentile(times, 0.95);
    result.renderMaxMs = percentile(times, 1.0);
}

void measureStall(const core::Volume& volume, const UiBenchmarkOptions& options, UiBenchmarkResult& result)
{
    ViewerDocument document;
    document.setVolume(loadedOf(volume));
    SegmentationController controller(&document);
    controller.setThreads(options.threads);
    controller.setModelFolder(QString::fromStdString(options.modelDir));
    std::vector<double> gaps;
    QElapsedTimer clock;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        gaps.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        clock.restart();
    });
    QElapsedTimer total;
    total.start();
    if (!controller.segmentSeries()) {
        result.error = "the segmentation job did not start";
        return;
    }
    clock.start();
    ticker.start();
    while (controller.isActive()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    ticker.stop();
    result.segmentSeconds = static_cast<double>(total.elapsed()) / 1e3;
    if (controller.state() != core::JobState::Completed) {
        result.error = "segmentation failed: " + controller.lastError().toStdString();
        return;
    }
    result.stallMeasured = true;
    result.segmentedSlices = controller.segmentedSliceCount();
    result.stallMaxMs = percentile(gaps, 1.0);
    result.stallP99Ms = percentile(gaps, 0.99);
}

} // namespace

UiBenchmarkResult runUiBenchmark(const UiBenchmarkOptions& options)
{
    UiBenchmarkResult result;
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    int argc = 1;
    char name[] = "dinolens-bench-ui";
    char* argv[] = { name, nullptr };
    QApplication application(argc, argv);
    const std::filesystem::path volumePath = options.volumePath.empty()
        ? core::dataRoot() / "nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz"
        : std::filesystem::path(options.volumePath);
    const std::filesystem::path maskPath = options.maskPath.empty() ? volumePath.parent_path() / "Post_Mask.nii.gz"
                                                                    : std::filesystem::path(options.maskPath);
    auto volume = core::loadVolume(volumePath);
    auto mask = core::loadNifti(maskPath);
    if (!volume || !mask) {
        result.error = (!volume ? volume.error() : mask.error()).toString();
        return result;
    }
    if (mask->dims != volume->dims) {
        result.error = "the mask does not have the volume's dims";
        return result;
    }
    measureRender(*volume, *mask, std::max(1, options.renderFrames), result);
    if (!options.modelDir.empty()) {
        measureStall(*volume, options, result);
    }
    return result;
}

} // namespace dinolens::ui
