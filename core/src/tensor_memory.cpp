#include "dinolens/core/tensor_memory.h"

#include <cstdlib>
#include <initializer_list>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dinolens::core {

bool keepTensorMemory()
{
#if defined(__GLIBC__)
    for (const char* variable :
        { "MALLOC_MMAP_THRESHOLD_", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" }) {
        if (std::getenv(variable) != nullptr) {
            return false;
        }
    }
    constexpr int kTrimThreshold = 512 << 20;
    // No block is mmapped: glibc's mmap threshold cannot exceed 32 MiB, and a training step's attention scores
    // (batch x heads x tokens^2 floats, 157 MB for the demo model at batch 16) are larger than that.
    return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1;
#else
    return false;
#endif
}

} // namespace dinolens::core
