#include "dinolens/inference/benchmark.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>
#include <random>

#include "gemm.h"

namespace dinolens::inference {

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

core::Result<SgemmMeasurement> measureSgemm(int64_t size, int repeats)
{
    try {
        c10::InferenceMode guard;
        const at::Tensor a = at::randn({ size, size });
        const at::Tensor b = at::randn({ size, size });
        at::Tensor c = at::empty({ size, size });
        const auto best = [&](const auto& product) {
            product(); // warm-up: thread pool start, page faults, JIT
            double seconds = std::numeric_limits<double>::infinity();
            for (int i = 0; i < std::max(repeats, 1); ++i) {
                const auto start = std::chrono::steady_clock::now();
                product();
                seconds = std::min(seconds, secondsSince(start));
            }
            const auto n = static_cast<double>(size);
            return 2.0 * n * n * n / seconds / 1e9;
        };
        SgemmMeasurement result;
        result.size = size;
        result.backend = detail::gemmBackendName();
        result.atenGflops = best([&] { at::mm_out(c, a, b); });
        result.backendGflops = detail::hasNativeSgemm() ? best([&] {
            detail::sgemm(false, size, size, size, 1.0f, a.data_ptr<float>(), size, b.data_ptr<float>(), size, 0.0f,
                c.data_ptr<float>(), size);
        })
                                                        : result.atenGflops;
        return result;
    } catch (const std::exception& error) {
        return core::makeError(core::ErrorCode::Internal, std::string("sgemm benchmark failed: ") + error.what());
    }
}

core::Result<ForwardMeasurement> measureForward(
    const Backbone& backbone, int64_t batch, int64_t height, int64_t width, int repeats)
{
    FloatTensor pixels = FloatTensor::zeros({ batch, backbone.config().numChannels, height, width });
    std::mt19937 generator(1234);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& value : pixels.data) {
        value = normal(generator);
    }
    ForwardOptions options;
    options.includePatchGrid = false;
    ForwardMeasurement result { batch, height, width, std::numeric_limits<double>::infinity(),
        backboneFlops(backbone.config(), height, width) };
    for (int i = 0; i <= std::max(repeats, 1); ++i) { // i == 0 is the warm-up
        const auto start = std::chrono::steady_clock::now();
        auto output = backbone.forward(pixels, options);
        const double seconds = secondsSince(start);
        if (!output) {
            return output.error();
        }
        if (i > 0) {
            result.secondsPerBatch = std::min(result.secondsPerBatch, seconds);
        }
    }
    return result;
}

int64_t peakResidentBytes()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<int64_t>(usage.ru_maxrss) * 1024; // Linux reports kilobytes
}

int64_t currentResidentBytes()
{
    std::ifstream statm("/proc/self/statm");
    int64_t pages = 0;
    int64_t resident = 0;
    if (!(statm >> pages >> resident)) {
        return 0;
    }
    return resident * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

} // namespace dinolens::inference
