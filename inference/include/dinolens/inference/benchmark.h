#pragma once
// Measurements behind `dinolens-cli bench backbone`: the sgemm rate of this machine through LibTorch (the
// ceiling a ViT forward pass can approach, since ~95% of its FLOPs are matrix products) and timed forward
// passes. A benchmark, not a test: it prints figures and asserts nothing.
// Thread-safety: run one benchmark at a time (they measure the whole process).

#include <cstdint>
#include <string>

#include "dinolens/core/result.h"
#include "dinolens/inference/backbone.h"

namespace dinolens::inference {

struct SgemmMeasurement {
    int64_t size = 0; // n of the n x n x n product
    double atenGflops = 0; // at::mm (LibTorch's BLAS), 2 n^3 / best seconds / 1e9
    double backendGflops = 0; // the GEMM the backbone uses (oneDNN's sgemm when found; else at::mm)
    std::string backend; // "oneDNN" or "ATen"
    double gflops() const { return atenGflops > backendGflops ? atenGflops : backendGflops; }
};

/// Best-of-`repeats` float32 n x n matrix products through LibTorch's at::mm and through the backbone's GEMM
/// backend, after one warm-up each. gflops() (the faster) is the ceiling the benchmark reports against.
core::Result<SgemmMeasurement> measureSgemm(int64_t size = 2048, int repeats = 5);

struct ForwardMeasurement {
    int64_t batch = 0;
    int64_t height = 0;
    int64_t width = 0;
    double secondsPerBatch = 0; // best of the repeats
    double flopsPerImage = 0; // backboneFlops()
    double millisecondsPerImage() const { return secondsPerBatch * 1e3 / static_cast<double>(batch); }
    double gflops() const { return flopsPerImage * static_cast<double>(batch) / secondsPerBatch / 1e9; }
};

/// Times forward passes on random pixel values (one warm-up, then the best of `repeats`).
core::Result<ForwardMeasurement> measureForward(
    const Backbone& backbone, int64_t batch, int64_t height, int64_t width, int repeats);

/// Peak resident set size of this process so far (getrusage), in bytes.
int64_t peakResidentBytes();
/// Current resident set size (/proc/self/statm), in bytes; 0 where unavailable.
int64_t currentResidentBytes();

} // namespace dinolens::inference
