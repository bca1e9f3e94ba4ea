#pragma once
// OpenBLAS kernel selection for the executables.
//
// Debian's OpenBLAS picks its kernels by CPU model name. Virtual machines often report a generic name
// ("Intel Xeon Processor"), and OpenBLAS then falls back to its SSE3 kernels: LibTorch's matrix products
// (training, the head, evaluation) run 4-5x slower than the CPU allows (measured on such a machine: 40 GFLOP/s
// single precision on 2 cores, 205 with the SkylakeX kernels). OpenBLAS reads OPENBLAS_CORETYPE only while it
// loads, before main() runs, so the choice has to be made by re-executing the program with the variable set.
// Thread-safety: call first thing in main(), before any thread starts.

namespace dinolens::core {

/// The OpenBLAS core type matching this CPU's instruction set ("SkylakeX" with AVX-512, "Haswell" with AVX2 and
/// FMA), or nullptr where OpenBLAS's own detection is fine.
const char* openBlasCoreTypeForCpu();

/// When OPENBLAS_CORETYPE is unset and openBlasCoreTypeForCpu() names a core type, sets the variable and replaces
/// the process with a fresh copy of the same program and arguments (same process id). Returns when nothing needs
/// doing, when DINOLENS_BLAS_AUTO=0, or when the re-execution fails (the program then runs with the slow kernels).
void selectBlasKernels(char** argv);

} // namespace dinolens::core
