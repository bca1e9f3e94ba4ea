// Fuzzes NIfTI-1/2 header parsing and voxel reading with a 256 MiB volume bound.
#include "dinolens/core/nifti_reader.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = writeFuzzInput(data, size, ".nii");
    dinolens::core::VolumeLoadOptions options;
    options.maxBytes = std::size_t { 256 } << 20;
    auto volume = dinolens::core::loadNifti(path, options);
    if (volume && volume->voxels.size() != volume->voxelCount() * dinolens::core::bytesPerVoxel(volume->pixelType)) {
        __builtin_trap();
    }
    return 0;
}
