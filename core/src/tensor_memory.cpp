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
    for (const char* variable : { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" }) {
        if (std::getenv(variable) != nullptr) {
            return false;
        }
    }
    constexpr int kMmapThreshold = 32 << 20;
    constexpr int kTrimThreshold = 512 << 20;
    return mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 && mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1;
#else
    return false;
#endif
}

} // namespace dinolens::core
