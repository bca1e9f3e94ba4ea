// DINOv2 preprocessing (PIL bicubic, centre crop), normalisation and image IO. The PIL kernel is a reimplementation
// of Pillow's Resample.c (precompute_coeffs, normalize_coeffs_8bpc, ImagingResampleHorizontal/Vertical_8bpc), so
// HF's BitImageProcessor output is reproduced bit for bit; OpenCV's INTER_CUBIC (a = -0.75, no antialias) is not it.
#include "dinolens/inference/preprocess.h"

#include <algorithm>
#include <cmath>

#include "dinolens/core/atomic_file.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;

double pilBicubic(double x)
{
    constexpr double a = -0.5; // Pillow's bicubic, not the -0.75 of OpenCV and PyTorch
    x = std::fabs(x);
    if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
}

struct PilCoefficients {
    int64_t kernelSize = 0;
    std::vector<int64_t> start; // first input index per output index
    std::vector<int64_t> count; // taps per output index
    std::vector<int32_t> weights; // outSize * kernelSize fixed-point weights
};

PilCoefficients pilCoefficients(int64_t inSize, int64_t outSize)
{
    const double scale = static_cast<double>(inSize) / static_cast<double>(outSize);
    const double filterScale = std::max(scale, 1.0);
    const double support = 2.0 * filterScale;
    PilCoefficients c;
    c.kernelSize = static_cast<int64_t>(std::ceil(support)) * 2 + 1;
    c.weights.assign(static_cast<size_t>(outSize * c.kernelSize), 0);
    std::vector<double> taps(static_cast<size_t>(c.kernelSize));
    for (int64_t out = 0; out < outSize; ++out) {
        const double center = (static_cast<double>(out) + 0.5) * scale;
        const int64_t first = std::max<int64_t>(static_cast<int64_t>(center - support + 0.5), 0);
        const int64_t last = std::min<int64_t>(static_cast<int64_t>(center + support + 0.5), inSize);
        double total = 0.0;
        for (int64_t x = 0; x < last - first; ++x) {
            taps[static_cast<size_t>(x)]
                = pilBicubic((static_cast<double>(x + first) - center + 0.5) * (1.0 / filterScale));
            total += taps[static_cast<size_t>(x)];
        }
        for (int64_t x = 0; x < last - first; ++x) {
            const double w = total != 0.0 ? taps[static_cast<size_t>(x)] / total : taps[static_cast<size_t>(x)];
            const double scaled = w * static_cast<double>(1 << kPrecisionBits);
            c.weights[static_cast<size_t>(out * c.kernelSize + x)]
                = static_cast<int32_t>(w < 0 ? -0.5 + scaled : 0.5 + scaled);
        }
        c.start.push_back(first);
        c.count.push_back(last - first);
    }
    return c;
}

uint8_t clip8(int32_t value)
{
    if (value >= (1 << kPrecisionBits << 8)) {
        return 255;
    }
    return value <= 0 ? 0 : static_cast<uint8_t>(value >> kPrecisionBits);
}

// One separable pass along rows (horizontal) or columns (vertical) of an interleaved RGB image.
RgbImage pilPass(const RgbImage& in, int64_t outSize, bool horizontal)
{
    const int64_t inSize = horizontal ? in.width : in.height;
    const PilCoefficients c = pilCoefficients(inSize, outSize);
    RgbImage out;
    out.width = horizontal ? outSize : in.width;
    out.height = horizontal ? in.height : outSize;
    out.pixels.resize(static_cast<size_t>(out.width * out.height * 3));
    for (int64_t y = 0; y < out.height; ++y) {
        for (int64_t x = 0; x < out.width; ++x) {
            const int64_t o = horizontal ? x : y;
            const int32_t* k = &c.weights[static_cast<size_t>(o * c.kernelSize)];
            int32_t sums[3] = { 1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1), 1 << (kPrecisionBits - 1) };
            for (int64_t t = 0; t < c.count[static_cast<size_t>(o)]; ++t) {
                const int64_t s = c.start[static_cast<size_t>(o)] + t;
                const int64_t source = horizontal ? y * in.width + s : s * in.width + x;
                const uint8_t* p = &in.pixels[static_cast<size_t>(source * 3)];
                for (int ch = 0; ch < 3; ++ch) {
                    sums[ch] += static_cast<int32_t>(p[ch]) * k[t];
                }
            }
            uint8_t* q = &out.pixels[static_cast<size_t>((y * out.width + x) * 3)];
            for (int ch = 0; ch < 3; ++ch) {
                q[ch] = clip8(sums[ch]);
            }
        }
    }
    return out;
}

} // namespace

RgbImage resizePilBicubic(const RgbImage& image, int64_t width, int64_t height)
{
    // Pillow skips a pass whose size does not change, which matters: every pass rounds to uint8.
    RgbImage result = image;
    if (width != image.width) {
        result = pilPass(result, width, true);
    }
    if (height != image.height) {
        result = pilPass(result, height, false);
    }
    return result;
}

Result<FloatTensor> preprocessDinov2(const RgbImage& image, int64_t shortestEdge, int64_t cropSize)
{
    if (image.width < 1 || image.height < 1 || shortestEdge < 1 || cropSize < 1 || cropSize > shortestEdge) {
        return makeError(ErrorCode::InvalidArgument, "empty image, or crop size larger than the resized short side");
    }
    const bool portrait = image.height > image.width;
    const int64_t shortSide = portrait ? image.width : image.height;
    const int64_t longSide = portrait ? image.height : image.width;
    // int(256 * long / short) in Python: true division, then truncation.
    const auto newLong = static_cast<int64_t>(
        static_cast<double>(shortestEdge) * static_cast<double>(longSide) / static_cast<double>(shortSide));
    const int64_t newWidth = portrait ? shortestEdge : newLong;
    const int64_t newHeight = portrait ? newLong : shortestEdge;
    const RgbImage resized = resizePilBicubic(image, newWidth, newHeight);
    const int64_t top = (newHeight - cropSize) / 2;
    const int64_t left = (newWidth - cropSize) / 2;
    FloatTensor out = FloatTensor::zeros({ 1, 3, cropSize, cropSize });
    const double rescale = 1.0 / 255.0;
    for (int64_t c = 0; c < 3; ++c) {
        for (int64_t y = 0; y < cropSize; ++y) {
            for (int64_t x = 0; x < cropSize; ++x) {
                const uint8_t v = resized.pixels[static_cast<size_t>(((top + y) * newWidth + left + x) * 3 + c)];
                // HF rescales in float64 and casts to float32, then normalises in float32.
                const auto scaled = static_cast<float>(static_cast<double>(v) * rescale);
                out.data[static_cast<size_t>((c * cropSize + y) * cropSize + x)]
                    = (scaled - kImageNetMean[c]) / kImageNetStd[c];
            }
        }
    }
    return out;
}

Result<FloatTensor> preprocessForFamily(const RgbImage& image, BackboneFamily family)
{
    return family == BackboneFamily::Dinov2 ? preprocessDinov2(image) : preprocessDinov3(image);
}

} // namespace dinolens::inference
