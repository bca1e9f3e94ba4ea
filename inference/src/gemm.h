#pragma once
// Private: the matrix products of the forward pass. ~95% of a ViT's FLOPs are GEMMs, so they go to the fastest
// sgemm in the process. LibTorch's own at::mm goes through the system BLAS, and Debian's OpenBLAS picks its
// kernels by CPU model name: on virtual machines that report a generic "Intel Xeon Processor" it falls back to
// the SSE3 "Prescott" kernels (measured here: 54 GFLOP/s on 2 cores instead of 290). oneDNN, which LibTorch
// links for its convolutions, detects the ISA from CPUID flags and JIT-compiles AVX2/AVX-512 kernels, so its
// C API dnnl_sgemm is looked up at run time (dlsym: no link-time dependency, so a LibTorch that hides oneDNN's
// symbols still works) and used when present. Set DINOLENS_GEMM=aten to force LibTorch's BLAS path.

#include <ATen/ATen.h>

namespace dinolens::inference::detail {

/// Name of the GEMM backend in use: "oneDNN" or "ATen".
const char* gemmBackendName();

/// input [..., K] x weight [N, K]^T + bias [N] -> [..., N]; input may have a row stride (a narrowed view).
at::Tensor linear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias);

/// Row-major C = alpha * A op(B) + beta * C on raw float pointers (transposeB: B is [N, K]).
void sgemm(bool transposeB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
    int64_t ldb, float beta, float* c, int64_t ldc);

/// True when sgemm() has a native backend (else callers should use ATen's batched ops).
bool hasNativeSgemm();

} // namespace dinolens::inference::detail
