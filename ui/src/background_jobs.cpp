#include "dinolens/ui/background_jobs.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "dinolens/core/dicom_tag_list.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/core/windowing.h"
#include "progress_throttle.h"

namespace dinolens::ui {
namespace {

std::filesystem::path toPath(const QString& path)
{
    return std::filesystem::path(path.toStdString());
}

void mergeScan(core::ScanResult& into, core::ScanResult&& from)
{
    for (auto& study : from.studies) {
        into.studies.push_back(std::move(study));
    }
    for (auto& skipped : from.skipped) {
        into.skipped.push_back(std::move(skipped));
    }
}

std::pair<double, double> valueRange(const core::Volume& volume)
{
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    for (std::size_t n = 0; n < volume.voxelCount(); ++n) {
        const double v = volume.value(n);
        low = std::min(low, v);
        high = std::max(high, v);
    }
    return volume.empty() ? std::pair { 0.0, 1.0 } : std::pair { low, high };
}

LoadedVolume prepare(core::Volume&& volume, const core::SeriesInfo& series, const QString& patient, bool complete)
{
    LoadedVolume loaded;
    auto shared = std::make_shared<const core::Volume>(std::move(volume));
    loaded.windows.push_back(core::defaultWindow(*shared));
    loaded.windows.front().name = complete ? "Default" : loaded.windows.front().name;
    for (const auto& preset : core::mriWindowPresets()) {
        auto window
            = core::percentileWindow(*shared, preset.lowPercentile, preset.highPercentile, std::nullopt, preset.name);
        if (window.ok()) {
            loaded.windows.push_back(*window);
        }
    }
    std::tie(loaded.minValue, loaded.maxValue) = valueRange(*shared);
    loaded.volume = std::move(shared);
    loaded.complete = complete;
    loaded.expectedSlices = 0;
    for (const auto& instance : series.instances) {
        loaded.expectedSlices += series.kind == core::SourceKind::Dicom ? instance.frames : 0;
    }
    loaded.patient = patient;
    const bool named = series.kind == core::SourceKind::Dicom && !series.description.empty();
    loaded.series = named ? QString::fromStdString(series.description)
                          : QString::fromStdString(std::filesystem::path(series.seriesInstanceUid).filename().string());
    loaded.sourcePath = series.instances.empty() ? QString() : QString::fromStdString(series.instances.front().path);
    return loaded;
}

QImage thumbnailOf(const core::SeriesInfo& series, int size)
{
    core::SeriesInfo one = series;
    if (one.kind == core::SourceKind::Dicom && one.instances.size() > 1) {
        one.instances = { series.instances[series.instances.size() / 2] };
    }
    core::VolumeLoadOptions options;
    options.threads = 1;
    auto volume = core::loadSeries(one, options);
    if (!volume.ok() || volume->empty()) {
        return {};
    }
    const int k = volume->dims[2] / 2;
    auto window = core::autoWindow(*volume, k);
    auto grey = core::windowSlice(*volume, k, window.ok() ? *window : core::defaultWindow(*volume));
    if (!grey.ok()) {
        return {};
    }
    const int w = volume->dims[0];
    const int h = volume->dims[1];
    QImage image(grey->data(), w, h, w, QImage::Format_Grayscale8);
    const double aspect = (h * volume->spacing[1]) / (w * volume->spacing[0]);
    const QSize target = aspect > 1 ? QSize(std::max(1, static_cast<int>(size / aspect)), size)
                                    : QSize(size, std::max(1, static_cast<int>(size * aspect)));
    return image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

std::shared_ptr<const core::LabelMask> maskFromVolume(const core::Volume& volume, core::Vec3 spacing)
{
    auto mask
        = std::make_shared<core::LabelMask>(core::LabelMask::zeros(volume.dims[0], volume.dims[1], volume.dims[2]));
    mask->spacing = spacing;
    const auto [low, high] = valueRange(volume);
    const bool classIds = high <= 3.0 && low >= 0.0;
    for (std::size_t n = 0; n < mask->labels.size(); ++n) {
        const double v = volume.value(n);
        if (v > 0.5) {
            mask->labels[n] = classIds ? static_cast<std::uint8_t>(std::lround(v)) : std::uint8_t { 1 };
        }
    }
    return mask;
}

} // namespace

QFuture<ScanOutcome> scanPathsAsync(const QStringList& paths, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<ScanOutcome>& promise, const QStringList& inputs, core::CancelToken token) {
            ScanOutcome outcome;
            ProgressThrottle<ScanOutcome> throttle(promise, token);
            core::DicomScanOptions options;
            options.progress = throttle.sink();
            options.cancel = token;
            for (const QString& input : inputs) {
                auto result = core::scanPath(toPath(input), options);
                if (result.ok()) {
                    mergeScan(outcome.scan, std::move(result.value()));
                } else if (result.error().code != core::ErrorCode::Cancelled) {
                    outcome.errors.push_back(result.error());
                }
                if (token.isCancelled() || promise.isCanceled()) {
                    outcome.status = core::makeError(core::ErrorCode::Cancelled, "the scan was cancelled");
                    break;
                }
            }
            promise.addResult(std::move(outcome));
        },
        paths, cancel);
}

QFuture<VolumeOutcome> loadSeriesAsync(
    const core::SeriesInfo& series, const QString& patient, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<VolumeOutcome>& promise, const core::SeriesInfo& info, const QString& who,
            core::CancelToken token) {
            ProgressThrottle<VolumeOutcome> throttle(promise, token);
            core::VolumeLoadOptions options;
            options.progress = throttle.sink();
            options.cancel = token;
            if (info.kind == core::SourceKind::Dicom && info.instances.size() > 1) {
                core::SeriesInfo middle = info;
                middle.instances = { info.instances[info.instances.size() / 2] };
                auto preview = core::loadSeries(middle, { 1, options.maxBytes, {}, token, 0 });
                if (preview.ok()) {
                    promise.addResult(VolumeOutcome { prepare(std::move(preview.value()), info, who, false) });
                }
            }
            auto volume = core::loadSeries(info, options);
            VolumeOutcome outcome;
            if (volume.ok()) {
                outcome.loaded = prepare(std::move(volume.value()), info, who, true);
            } else if (token.isCancelled()) {
                outcome.status = core::makeError(core::ErrorCode::Cancelled, "the load was cancelled");
            } else {
                outcome.status = volume.error();
            }
            promise.addResult(std::move(outcome));
        },
        series, patient, cancel);
}

QFuture<Thumbnail> thumbnailsAsync(const core::ScanResult& scan, int size, const core::CancelToken& cancel)
{
    return QtConcurrent::run(
        [](QPromise<Thumbnail>& promise, const core::ScanResult& studies, int pixels, core::CancelToken token) {
            for (std::size_t s = 0; s < studies.studies.size(); ++s) {
                const auto& study = studies.studies[s];
                for (std::size_t r = 0; r < study.series.size(); ++r) {
                    if (token.isCancelled() || promise.isCanceled()) {
                        return;
                    }
                    promise.addResult(
                        Thumbnail { static_cast<int>(s), static_cast<int>(r), thumbnailOf(study.series[r], pixels) });
                }
            }
        },
        scan, size, cancel);
}

QFuture<TagListOutcome> listTagsAsync(const QString& path)
{
    return QtConcurrent::run(
        [](const QString& file) {
            TagListOutcome outcome;
            outcome.path = file;
            auto tags = core::listDicomTags(toPath(file));
            if (tags.ok()) {
                outcome.tags = std::move(tags.value());
            } else {
                outcome.status = tags.error();
            }
            return outcome;
        },
        path);
}

static MaskOutcome loadMask(const QString& file, std::array<int, 3> size, core::Vec3 mm)
{
    MaskOutcome outcome;
    outcome.path = file;
    const auto fsPath = toPath(file);
    if (fsPath.extension() == ".txt") {
        auto label = core::readPolygonLabel(fsPath);
        auto mask = label.ok() ? core::rasterizePolygons(label->polygons, size[0], size[1])
                               : core::Result<core::LabelMask>(label.error());
        if (!mask.ok()) {
            outcome.status = mask.error();
            return outcome;
        }
        mask->spacing = mm;
        outcome.mask = std::make_shared<const core::LabelMask>(std::move(mask.value()));
        return outcome;
    }
    auto volume = core::loadVolume(fsPath);
    if (!volume.ok()) {
        outcome.status = volume.error();
    } else if (volume->dims != size) {
        outcome.status = core::makeError(
            core::ErrorCode::InvalidArgument, "the mask's size does not match the image volume", file.toStdString());
    } else {
        outcome.mask = maskFromVolume(*volume, mm);
    }
    return outcome;
}

QFuture<MaskOutcome> loadMaskAsync(const QString& path, std::array<int, 3> dims, core::Vec3 spacing)
{
    return QtConcurrent::run(&loadMask, path, dims, spacing);
}

QFuture<MaskOutcome> loadCompanionMaskAsync(const QString& sourcePath, std::array<int, 3> dims, core::Vec3 spacing)
{
    return QtConcurrent::run(
        [](const QString& source, std::array<int, 3> size, core::Vec3 mm) {
            const QString companion = findCompanionMask(source);
            return companion.isEmpty() ? MaskOutcome {} : loadMask(companion, size, mm);
        },
        sourcePath, dims, spacing);
}

QString findCompanionMask(const QString& path)
{
    std::error_code error;
    const auto source = toPath(path);
    const auto folder = source.parent_path();
    if (folder.filename() == "images") {
        const auto label = folder.parent_path() / "labels" / (source.stem().string() + ".txt");
        return std::filesystem::is_regular_file(label, error) ? QString::fromStdString(label.string()) : QString();
    }
    const std::string name = source.filename().string();
    const auto underscore = name.find('_');
    if (underscore == std::string::npos || name.find("Mask") != std::string::npos) {
        return {};
    }
    for (const char* extension : { ".nii.gz", ".nii" }) {
        const auto candidate = folder / (name.substr(0, underscore) + "_Mask" + extension);
        if (std::filesystem::is_regular_file(candidate, error)) {
            return QString::fromStdString(candidate.string());
        }
    }
    return {};
}

} // namespace dinolens::ui
