#pragma once
// OpenBLAS kernel selection for the executables.
//
// Debian's OpenBLAS picks its kernels by CPU model name. Virtual machines often report a generic name
// ("Intel Xeon Processor"), and OpenBLAS then falls back to its SSE3 kernels: LibTorch's matrix products
// (training, the head, evaluation) run 4-5x slower than the CPU allows (measured on such a machine: 40 GFLOP/s
// single precision on 2 cores, 205 with the SkylakeX kernels). OpenBLAS chooses while it loads, before main()
// runs; selectBlasKernels() makes it choose again, in the running process, through the entry points its
// dynamic-architecture build exports (gotoblas_dynamic_quit/init).
// Thread-safety: call first thing in main(), before any thread starts and before any BLAS call.

namespace dinolens::core {

/// The OpenBLAS core type matching this CPU's instruction set ("SkylakeX" with AVX-512, "Haswell" with AVX2 and
/// FMA), or nullptr where OpenBLAS's own detection is fine.
const char* openBlasCoreTypeForCpu();

/// When OPENBLAS_CORETYPE is unset, DINOLENS_BLAS_AUTO is not 0, openBlasCoreTypeForCpu() names a core type and
/// OpenBLAS chose slower kernels: sets OPENBLAS_CORETYPE and has OpenBLAS select its kernels again. Returns the
/// core name OpenBLAS uses after the switch, or nullptr when nothing was switched (also when the BLAS in use is
/// not a dynamic-architecture OpenBLAS).
const char* selectBlasKernels();

} // namespace dinolens::core
