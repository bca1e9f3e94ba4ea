#include "dinolens/core/nifti_reader.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include <nifti2_io.h>

#include "dinolens/core/checked_size.h"
#include "nifti_library.h"

namespace dinolens::core {
namespace {

struct NiftiDeleter {
    void operator()(nifti_image* image) const { nifti_image_free(image); }
};
using NiftiPtr = std::unique_ptr<nifti_image, NiftiDeleter>;

Result<NiftiPtr> readHeader(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return makeError(ErrorCode::NotFound, "file does not exist", path.string());
    }
    NiftiPtr image;
    {
        const std::lock_guard lock(niftiLibraryMutex());
        nifti_set_debug_level(0);
        image.reset(nifti_image_read(path.c_str(), 0));
    }
    if (!image) {
        return makeError(ErrorCode::InvalidFormat, "not a readable NIfTI-1/NIfTI-2 header", path.string());
    }
    constexpr int kMaxInt = std::numeric_limits<int>::max();
    if (!headerInt(image->nx, 1, kMaxInt) || !headerInt(image->ny, 1, kMaxInt) || !headerInt(image->nz, 1, kMaxInt)
        || image->nbyper <= 0 || image->nt < 0 || image->nu < 0) {
        return makeError(ErrorCode::InvalidFormat, "invalid dimensions in the NIfTI header", path.string());
    }
    return image;
}

// The 3x3 voxel-to-RAS matrix and the RAS origin the header defines.
void voxelToRas(const nifti_image& n, double m[3][3], double t[3])
{
    const nifti_dmat44* mat = n.sform_code > 0 ? &n.sto_xyz : n.qform_code > 0 ? &n.qto_xyz : nullptr;
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) {
            m[r][c] = mat != nullptr ? mat->m[r][c] : (r == c ? std::abs(n.pixdim[r + 1]) : 0.0);
        }
        t[r] = mat != nullptr ? mat->m[r][3] : 0.0;
    }
}

void setGeometry(Volume& v, const nifti_image& n)
{
    double m[3][3];
    double t[3];
    voxelToRas(n, m, t);
    static constexpr double kRasToLps[3] = { -1.0, -1.0, 1.0 };
    for (int c = 0; c < 3; ++c) {
        const double norm = std::sqrt(m[0][c] * m[0][c] + m[1][c] * m[1][c] + m[2][c] * m[2][c]);
        v.spacing[c] = norm > 0 ? norm : 1.0;
        for (int r = 0; r < 3; ++r) {
            v.direction[r * 3 + c] = norm > 0 ? kRasToLps[r] * m[r][c] / norm : (r == c ? 1.0 : 0.0);
        }
    }
    for (int r = 0; r < 3; ++r) {
        v.origin[r] = kRasToLps[r] * t[r];
    }
}

template <typename T> void convertTo(Volume& v, const void* data, std::size_t count, int datatype)
{
    T* out = v.as<T>().data();
    const auto copy = [&](const auto* in) {
        for (std::size_t i = 0; i < count; ++i) {
            out[i] = static_cast<T>(in[i]);
        }
    };
    switch (datatype) {
    case DT_UINT8:
        copy(static_cast<const std::uint8_t*>(data));
        break;
    case DT_INT8:
        copy(static_cast<const std::int8_t*>(data));
        break;
    case DT_INT16:
        copy(static_cast<const std::int16_t*>(data));
        break;
    case DT_UINT16:
        copy(static_cast<const std::uint16_t*>(data));
        break;
    case DT_INT32:
        copy(static_cast<const std::int32_t*>(data));
        break;
    case DT_UINT32:
        copy(static_cast<const std::uint32_t*>(data));
        break;
    case DT_INT64:
        copy(static_cast<const std::int64_t*>(data));
        break;
    case DT_UINT64:
        copy(static_cast<const std::uint64_t*>(data));
        break;
    case DT_FLOAT32:
        copy(static_cast<const float*>(data));
        break;
    case DT_FLOAT64:
        copy(static_cast<const double*>(data));
        break;
    default:
        break;
    }
}

Result<PixelType> storedTypeFor(int datatype, const std::string& path)
{
    switch (datatype) {
    case DT_UINT8:
    case DT_INT8:
    case DT_INT16:
        return PixelType::Int16;
    case DT_UINT16:
        return PixelType::UInt16;
    case DT_INT32:
    case DT_UINT32:
    case DT_INT64:
    case DT_UINT64:
    case DT_FLOAT32:
    case DT_FLOAT64:
        return PixelType::Float32;
    default:
        return makeError(ErrorCode::UnsupportedFormat,
            std::string("NIfTI datatype ") + nifti_datatype_string(datatype) + " is not supported", path);
    }
}

} // namespace

bool hasNiftiExtension(const std::filesystem::path& path)
{
    const std::string name = path.filename().string();
    const auto endsWith = [&](const char* suffix) {
        const std::size_t n = std::strlen(suffix);
        return name.size() > n && name.compare(name.size() - n, n, suffix) == 0;
    };
    return endsWith(".nii") || endsWith(".nii.gz") || endsWith(".hdr") || endsWith(".hdr.gz");
}

Result<SeriesInfo> describeNifti(const std::filesystem::path& path)
{
    auto header = readHeader(path);
    if (!header) {
        return header.error();
    }
    const nifti_image& n = **header;
    SeriesInfo series;
    series.kind = SourceKind::Nifti;
    series.seriesInstanceUid = path.string();
    series.modality = "MR";
    series.description = n.descrip;
    InstanceInfo instance;
    instance.path = path.string();
    instance.transferSyntaxName
        = n.nifti_type == NIFTI_FTYPE_NIFTI2_1 || n.nifti_type == NIFTI_FTYPE_NIFTI2_2 ? "NIfTI-2" : "NIfTI-1";
    instance.columns = static_cast<int>(n.nx);
    instance.rows = static_cast<int>(n.ny);
    instance.frames = static_cast<int>(n.nz);
    series.instances.push_back(instance);
    return series;
}

Result<Volume> loadNifti(const std::filesystem::path& path, const VolumeLoadOptions& options)
{
    auto header = readHeader(path);
    if (!header) {
        return header.error();
    }
    nifti_image& n = **header;
    auto type = storedTypeFor(n.datatype, path.string());
    if (!type) {
        return type.error();
    }
    const auto volumes
        = static_cast<std::int64_t>(checkedProduct({ std::max<std::int64_t>(1, n.nt), std::max<std::int64_t>(1, n.nu) })
                                        .value_or(std::numeric_limits<std::int64_t>::max()));
    if (options.volumeIndex < 0 || options.volumeIndex >= volumes) {
        return makeError(ErrorCode::InvalidArgument,
            "volume " + std::to_string(options.volumeIndex) + " requested; the file has " + std::to_string(volumes),
            path.string());
    }
    Volume volume;
    volume.pixelType = *type;
    volume.dims = { static_cast<int>(n.nx), static_cast<int>(n.ny), static_cast<int>(n.nz) };
    const std::size_t count = volume.voxelCount();
    const std::size_t sourceBytes = static_cast<std::size_t>(n.nbyper);
    // The brick nifticlib reads and the converted volume must each fit.
    auto bytes = checkedBytes({ n.nx, n.ny, n.nz, std::max<std::int64_t>(n.nbyper, 4) }, options.maxBytes,
        "NIfTI volume of " + std::to_string(n.nx) + " x " + std::to_string(n.ny) + " x " + std::to_string(n.nz),
        path.string());
    if (!bytes) {
        return bytes.error();
    }
    nifti_brick_list bricks {};
    std::int64_t index = options.volumeIndex;
    if (nifti_image_load_bricks(&n, 1, &index, &bricks) < 0 || bricks.nbricks != 1
        || bricks.bsize < static_cast<std::int64_t>(count * sourceBytes)) {
        nifti_free_NBL(&bricks);
        return makeError(
            ErrorCode::Truncated, "cannot read the voxel data (file truncated or unreadable)", path.string());
    }
    if (!allocateVoxels(volume, options.maxBytes)) {
        nifti_free_NBL(&bricks);
        return makeError(ErrorCode::TooLarge, "the NIfTI volume exceeds the memory limit", path.string());
    }
    switch (volume.pixelType) {
    case PixelType::Int16:
        convertTo<std::int16_t>(volume, bricks.bricks[0], count, n.datatype);
        break;
    case PixelType::UInt16:
        convertTo<std::uint16_t>(volume, bricks.bricks[0], count, n.datatype);
        break;
    case PixelType::Float32:
        convertTo<float>(volume, bricks.bricks[0], count, n.datatype);
        break;
    }
    nifti_free_NBL(&bricks);
    if (std::isfinite(n.scl_slope) && n.scl_slope != 0.0) {
        volume.rescaleSlope = n.scl_slope;
        volume.rescaleIntercept = std::isfinite(n.scl_inter) ? n.scl_inter : 0.0;
    }
    setGeometry(volume, n);
    for (int k = 0; k < volume.dims[2]; ++k) {
        volume.slices.push_back({ path.string(), {}, k + 1, 0, volume.voxelToLps(0, 0, k) });
    }
    return volume;
}

} // namespace dinolens::core
