#include "dinolens/core/nifti_writer.h"

#include <cstring>
#include <memory>
#include <string>

#include <nifti2_io.h>

#include "dinolens/core/atomic_file.h"
#include "nifti_library.h"

namespace dinolens::core {
namespace {

struct NiftiDeleter {
    void operator()(nifti_image* image) const { nifti_image_free(image); }
};

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// LPS -> RAS flips the first two patient axes.
void setTransform(nifti_image& image, const LabelMask& mask, const MaskGeometry& geometry)
{
    nifti_dmat44 matrix {};
    for (int r = 0; r < 3; ++r) {
        const double sign = r < 2 ? -1.0 : 1.0;
        for (int c = 0; c < 3; ++c) {
            matrix.m[r][c]
                = sign * geometry.direction[static_cast<size_t>(r * 3 + c)] * mask.spacing[static_cast<size_t>(c)];
        }
        matrix.m[r][3] = sign * geometry.origin[static_cast<size_t>(r)];
    }
    matrix.m[3][3] = 1.0;
    image.sform_code = NIFTI_XFORM_SCANNER_ANAT;
    image.sto_xyz = matrix;
    image.qform_code = NIFTI_XFORM_SCANNER_ANAT;
    nifti_dmat44_to_quatern(matrix, &image.quatern_b, &image.quatern_c, &image.quatern_d, &image.qoffset_x,
        &image.qoffset_y, &image.qoffset_z, nullptr, nullptr, nullptr, &image.qfac);
    image.qto_xyz = nifti_quatern_to_dmat44(image.quatern_b, image.quatern_c, image.quatern_d, image.qoffset_x,
        image.qoffset_y, image.qoffset_z, image.dx, image.dy, image.dz, image.qfac);
}

// nifticlib's writer returns nothing and znzlib ignores short writes (gzip included): the file is read back and
// compared before it may replace anything.
Status writeAndVerify(const std::filesystem::path& temporary, const LabelMask& mask, const MaskGeometry& geometry,
    const std::filesystem::path& path)
{
    const std::lock_guard lock(niftiLibraryMutex());
    nifti_set_debug_level(0);
    const int64_t dims[8] = { 3, mask.dims[0], mask.dims[1], mask.dims[2], 1, 1, 1, 1 };
    std::unique_ptr<nifti_image, NiftiDeleter> image(nifti_make_new_nim(dims, NIFTI_TYPE_UINT8, 1));
    if (!image) {
        return makeError(ErrorCode::Internal, "nifticlib could not create the image", path.string());
    }
    image->dx = image->pixdim[1] = mask.spacing[0];
    image->dy = image->pixdim[2] = mask.spacing[1];
    image->dz = image->pixdim[3] = mask.spacing[2];
    image->xyz_units = NIFTI_UNITS_MM;
    setTransform(*image, mask, geometry);
    std::memcpy(image->data, mask.labels.data(), mask.labels.size());
    if (nifti_set_filenames(image.get(), temporary.c_str(), 0, 1) != 0) {
        return makeError(ErrorCode::Unwritable, "cannot name the output file", path.string());
    }
    image->nifti_type = NIFTI_FTYPE_NIFTI1_1;
    nifti_image_write(image.get());
    std::unique_ptr<nifti_image, NiftiDeleter> back(nifti_image_read(temporary.c_str(), 1));
    if (!back || back->data == nullptr || back->nvox != static_cast<int64_t>(mask.labels.size())
        || std::memcmp(back->data, mask.labels.data(), mask.labels.size()) != 0) {
        return makeError(ErrorCode::Unwritable,
            "cannot write the NIfTI file (disk full?); the previous file is unchanged", path.string());
    }
    return okStatus();
}

} // namespace

Status writeNiftiLabelMask(const std::filesystem::path& path, const LabelMask& mask, const MaskGeometry& geometry)
{
    const std::string name = path.filename().string();
    const bool gzip = endsWith(name, ".nii.gz");
    if (!mask.isValid() || (!gzip && !endsWith(name, ".nii"))) {
        return makeError(ErrorCode::InvalidArgument, "need a valid mask and a .nii or .nii.gz name", path.string());
    }
    return writeFileAtomically(
        path, [&](const std::filesystem::path& temporary) { return writeAndVerify(temporary, mask, geometry, path); });
}

} // namespace dinolens::core
