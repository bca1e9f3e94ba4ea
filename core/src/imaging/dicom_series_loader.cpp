#include "dinolens/core/dicom_series_loader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <optional>

#include "dicom_pixel_decoder.h"
#include "dinolens/core/checked_size.h"
#include "dinolens/core/parallel_for.h"

namespace dinolens::core {
namespace {

struct SliceRef {
    std::size_t file = 0;
    int frame = 0;
    std::optional<Vec3> position;
};

Vec3 normalOf(const std::array<double, 6>& o)
{
    return { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
}

double dot(const Vec3& a, const Vec3& b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

std::vector<SliceRef> orderSlices(const std::vector<DecodedDicom>& files, const std::optional<std::array<double, 6>>& o)
{
    std::vector<SliceRef> slices;
    for (std::size_t i = 0; i < files.size(); ++i) {
        for (int f = 0; f < files[i].frames; ++f) {
            slices.push_back({ i, f, files[i].framePositions[static_cast<std::size_t>(f)] });
        }
    }
    const bool geometry
        = o.has_value() && std::all_of(slices.begin(), slices.end(), [](const SliceRef& s) { return s.position; });
    if (geometry) {
        const Vec3 n = normalOf(*o);
        std::stable_sort(slices.begin(), slices.end(),
            [&](const SliceRef& a, const SliceRef& b) { return dot(*a.position, n) < dot(*b.position, n); });
    }
    return slices;
}

void setGeometry(Volume& volume, const DecodedDicom& first, const std::vector<SliceRef>& slices)
{
    volume.spacing = { first.pixelSpacing[1], first.pixelSpacing[0], 1.0 };
    if (first.orientation) {
        const auto& o = *first.orientation;
        const Vec3 n = normalOf(o);
        volume.direction = { o[0], o[3], n[0], o[1], o[4], n[1], o[2], o[5], n[2] };
        if (slices.size() > 1 && slices.front().position && slices.back().position) {
            const double extent = dot(*slices.back().position, n) - dot(*slices.front().position, n);
            volume.spacing[2] = extent / static_cast<double>(slices.size() - 1);
        }
    }
    if (!(volume.spacing[2] > 1e-6)) {
        volume.spacing[2] = first.spacingBetweenSlices.value_or(first.sliceThickness.value_or(1.0));
    }
    if (slices.front().position) {
        volume.origin = *slices.front().position;
    }
    volume.windows = first.windows;
    volume.monochrome1 = first.monochrome1;
}

// Keeps the stored type when every file agrees on it and on the rescale; otherwise stores real values as float.
void copyVoxels(Volume& volume, const std::vector<DecodedDicom>& files, const std::vector<SliceRef>& slices)
{
    const DecodedDicom& first = files.front();
    const bool uniform = std::all_of(files.begin(), files.end(), [&](const DecodedDicom& d) {
        return d.pixelType == first.pixelType && d.rescaleSlope == first.rescaleSlope
            && d.rescaleIntercept == first.rescaleIntercept;
    });
    volume.pixelType = uniform ? first.pixelType : PixelType::Float32;
    volume.rescaleSlope = uniform ? first.rescaleSlope : 1.0;
    volume.rescaleIntercept = uniform ? first.rescaleIntercept : 0.0;
    volume.voxels.assign(volume.voxelCount() * bytesPerVoxel(volume.pixelType), std::byte { 0 });
    const std::size_t plane = volume.sliceVoxelCount();
    const std::size_t sliceBytes = plane * bytesPerVoxel(volume.pixelType);
    for (std::size_t k = 0; k < slices.size(); ++k) {
        const DecodedDicom& src = files[slices[k].file];
        std::byte* dst = volume.voxels.data() + k * sliceBytes;
        if (uniform) {
            std::memcpy(dst, src.voxels.data() + static_cast<std::size_t>(slices[k].frame) * sliceBytes, sliceBytes);
            continue;
        }
        Volume view; // reuse Volume::value for the stored-type dispatch of this one file
        view.pixelType = src.pixelType;
        view.rescaleSlope = src.rescaleSlope;
        view.rescaleIntercept = src.rescaleIntercept;
        view.voxels = src.voxels;
        auto* out = reinterpret_cast<float*>(dst);
        for (std::size_t p = 0; p < plane; ++p) {
            out[p] = static_cast<float>(view.value(static_cast<std::size_t>(slices[k].frame) * plane + p));
        }
    }
}

Result<Volume> assembleVolume(const SeriesInfo& series, const std::vector<DecodedDicom>& files)
{
    const DecodedDicom& first = files.front();
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (files[i].rows != first.rows || files[i].columns != first.columns) {
            return makeError(ErrorCode::InvalidFormat,
                "image is " + std::to_string(files[i].columns) + " x " + std::to_string(files[i].rows)
                    + " but the series is " + std::to_string(first.columns) + " x " + std::to_string(first.rows),
                series.instances[i].path);
        }
    }
    const auto slices = orderSlices(files, first.orientation);
    Volume volume;
    volume.dims = { first.columns, first.rows, static_cast<int>(slices.size()) };
    setGeometry(volume, first, slices);
    copyVoxels(volume, files, slices);
    for (const auto& ref : slices) {
        const DecodedDicom& d = files[ref.file];
        volume.slices.push_back(
            { series.instances[ref.file].path, d.sopInstanceUid, d.instanceNumber, ref.frame, ref.position });
    }
    return volume;
}

} // namespace

Result<Volume> loadDicomSeries(const SeriesInfo& series, const VolumeLoadOptions& options)
{
    if (series.instances.empty()) {
        return makeError(ErrorCode::InvalidArgument, "the series has no images", series.seriesInstanceUid);
    }
    ByteBudget planned(options.maxBytes);
    for (const auto& inst : series.instances) {
        const auto bytes = checkedProduct({ inst.rows, inst.columns, inst.frames, std::int64_t { sizeof(float) } });
        if (!bytes || !planned.add(*bytes)) {
            return makeError(ErrorCode::TooLarge,
                "the series exceeds the memory limit of " + std::to_string(options.maxBytes)
                    + " bytes (Rows x Columns x NumberOfFrames of its files)",
                inst.path);
        }
    }
    std::vector<std::optional<Result<DecodedDicom>>> decoded(series.instances.size());
    std::atomic<long long> done { 0 };
    const auto total = static_cast<long long>(series.instances.size());
    try {
        parallelFor(
            decoded.size(), options.threads,
            [&](std::size_t i) {
                decoded[i] = decodeDicomFile(series.instances[i].path, options.maxBytes);
                const long long n = ++done;
                if (options.progress) {
                    options.progress(n, total, series.instances[i].path);
                }
            },
            options.cancel);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("decoding failed: ") + e.what());
    }
    if (options.cancel.isCancelled()) {
        return makeError(ErrorCode::Cancelled, "loading cancelled");
    }
    std::vector<DecodedDicom> files;
    files.reserve(decoded.size());
    for (auto& d : decoded) {
        if (!d->ok()) {
            return d->error();
        }
        files.push_back(std::move(d->value()));
    }
    return assembleVolume(series, files);
}

} // namespace dinolens::core
