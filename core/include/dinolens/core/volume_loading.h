#pragma once
// Options shared by every volume loader (DICOM series, NIfTI, images).

#include <cstddef>
#include <functional>

#include "dinolens/core/progress.h"
#include "dinolens/core/volume.h"

namespace dinolens::core {

struct VolumeLoadOptions {
    unsigned threads = 0; // decoding threads; 0 = one per core
    std::size_t maxBytes = kDefaultMaxVolumeBytes; // refuse volumes larger than this before allocating
    ProgressSink progress; // (slices decoded, slices total, file)
    CancelToken cancel;
    int volumeIndex = 0; // 4-D NIfTI: which volume (t index) to load
};

} // namespace dinolens::core
