// Fuzzes DICOM parsing and pixel decoding (all transfer syntaxes, JPEG 2000 included) with a 256 MiB volume bound.
#include "dinolens/core/study_reader.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = writeFuzzInput(data, size, ".dcm");
    dinolens::core::VolumeLoadOptions options;
    options.maxBytes = std::size_t { 256 } << 20;
    options.threads = 1;
    auto volume = dinolens::core::loadVolume(path, options);
    if (volume && volume->voxels.size() != volume->voxelCount() * dinolens::core::bytesPerVoxel(volume->pixelType)) {
        __builtin_trap(); // a loaded volume must hold exactly the voxels its dimensions announce
    }
    return 0;
}
