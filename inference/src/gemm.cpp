#include "gemm.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>

namespace dinolens::inference::detail {

namespace {

// dnnl_status_t dnnl_sgemm(char transa, char transb, dnnl_dim_t M, N, K, float alpha, const float* A,
//                          dnnl_dim_t lda, const float* B, dnnl_dim_t ldb, float beta, float* C, dnnl_dim_t ldc);
using DnnlSgemm = int (*)(
    char, char, int64_t, int64_t, int64_t, float, const float*, int64_t, const float*, int64_t, float, float*, int64_t);

DnnlSgemm nativeSgemm()
{
    static const DnnlSgemm function = []() -> DnnlSgemm {
        const char* choice = std::getenv("DINOLENS_GEMM");
        if (choice != nullptr && std::strcmp(choice, "aten") == 0) {
            return nullptr;
        }
        return reinterpret_cast<DnnlSgemm>(dlsym(RTLD_DEFAULT, "dnnl_sgemm"));
    }();
    return function;
}

} // namespace

const char* gemmBackendName()
{
    return nativeSgemm() != nullptr ? "oneDNN" : "ATen";
}

bool hasNativeSgemm()
{
    return nativeSgemm() != nullptr;
}

void sgemm(bool transposeB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
    int64_t ldb, float beta, float* c, int64_t ldc)
{
    const int status = nativeSgemm()('N', transposeB ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    TORCH_CHECK(status == 0, "dnnl_sgemm failed with status ", status);
}

at::Tensor linear(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias)
{
    if (nativeSgemm() == nullptr || !input.is_cpu() || input.scalar_type() != at::kFloat) {
        return at::linear(input, weight, bias);
    }
    const int64_t k = input.size(-1);
    const int64_t n = weight.size(0);
    at::Tensor rows = input.reshape({ -1, k });
    if (rows.stride(1) != 1 || rows.stride(0) < k) {
        rows = rows.contiguous();
    }
    const int64_t m = rows.size(0);
    std::vector<int64_t> outputShape = input.sizes().vec();
    outputShape.back() = n;
    // Like addmm: the bias is copied into the result and accumulated onto with beta = 1.
    at::Tensor output = bias.defined() ? bias.expand({ m, n }).contiguous() : at::empty({ m, n }, input.options());
    const at::Tensor weights = weight.is_contiguous() ? weight : weight.contiguous();
    sgemm(true, m, n, k, 1.0f, rows.data_ptr<float>(), rows.stride(0), weights.data_ptr<float>(), k,
        bias.defined() ? 1.0f : 0.0f, output.data_ptr<float>(), n);
    return output.view(outputShape);
}

} // namespace dinolens::inference::detail
