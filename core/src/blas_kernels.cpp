#include "dinolens/core/blas_kernels.h"

#include <dlfcn.h>
#include <strings.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <span>

namespace dinolens::core {
namespace {

using VoidFunction = void (*)();
using NameFunction = char* (*)();

// OpenBLAS's kernel tables that are at least as fast as `target` on a CPU that has its instruction set: no switch
// then (OpenBLAS knew the CPU by name, or was told by OPENBLAS_CORETYPE).
bool alreadyGoodEnough(const char* current, const char* target)
{
    static constexpr std::array kAvx512 = { "SkylakeX", "Cooperlake", "SapphireRapids" };
    static constexpr std::array kAvx2 = { "Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids" };
    const bool avx512 = strcasecmp(target, "SkylakeX") == 0;
    for (const char* name : avx512 ? std::span<const char* const>(kAvx512) : std::span<const char* const>(kAvx2)) {
        if (strcasecmp(current, name) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

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

const char* selectBlasKernels()
{
    const char* opt = std::getenv("DINOLENS_BLAS_AUTO");
    if (std::getenv("OPENBLAS_CORETYPE") != nullptr || (opt != nullptr && std::strcmp(opt, "0") == 0)) {
        return nullptr;
    }
    const char* coreType = openBlasCoreTypeForCpu();
    // A dynamic-architecture OpenBLAS (Debian's) exports these; another BLAS does not, and is left alone.
    auto corename = reinterpret_cast<NameFunction>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    auto quit = reinterpret_cast<VoidFunction>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_quit"));
    auto init = reinterpret_cast<VoidFunction>(dlsym(RTLD_DEFAULT, "gotoblas_dynamic_init"));
    if (coreType == nullptr || corename == nullptr || quit == nullptr || init == nullptr) {
        return nullptr;
    }
    if (const char* current = corename(); current != nullptr && alreadyGoodEnough(current, coreType)) {
        return nullptr;
    }
    // gotoblas_dynamic_init() reads OPENBLAS_CORETYPE, as OpenBLAS's constructor did; the variable also reaches
    // child processes.
    if (setenv("OPENBLAS_CORETYPE", coreType, 1) != 0) {
        return nullptr;
    }
    quit();
    init();
    return corename();
}

} // namespace dinolens::core
