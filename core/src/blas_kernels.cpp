#include "dinolens/core/blas_kernels.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace dinolens::core {

const char* openBlasCoreTypeForCpu()
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512dq")) {
        return "SkylakeX";
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        return "Haswell";
    }
#endif
    return nullptr;
}

void selectBlasKernels(char** argv)
{
    if (std::getenv("OPENBLAS_CORETYPE") != nullptr) {
        return;
    }
    const char* opt = std::getenv("DINOLENS_BLAS_AUTO");
    if (opt != nullptr && std::strcmp(opt, "0") == 0) {
        return;
    }
    const char* coreType = openBlasCoreTypeForCpu();
    if (coreType == nullptr || argv == nullptr || setenv("OPENBLAS_CORETYPE", coreType, 1) != 0) {
        return;
    }
    execv("/proc/self/exe", argv);
    // Still here: exec failed (no /proc). The variable is left set, which does no harm; run as we are.
}

} // namespace dinolens::core
