#include "bilinear_upsample.h"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <vector>

namespace dinolens::inference::detail {
namespace {

// For each output index: the two input indices it reads and their weights.
struct Taps {
    std::vector<int64_t> low;
    std::vector<int64_t> high;
    std::vector<float> lowWeight;
    std::vector<float> highWeight;
};

Taps taps(int64_t outputSize, int64_t inputSize)
{
    Taps result;
    const double scale = static_cast<double>(inputSize) / static_cast<double>(outputSize);
    for (int64_t out = 0; out < outputSize; ++out) {
        const double source = std::max(0.0, (static_cast<double>(out) + 0.5) * scale - 0.5);
        const int64_t low = std::min(static_cast<int64_t>(source), inputSize - 1);
        const double lambda = source - static_cast<double>(low);
        result.low.push_back(low);
        result.high.push_back(std::min(low + 1, inputSize - 1));
        result.lowWeight.push_back(static_cast<float>(1.0 - lambda));
        result.highWeight.push_back(static_cast<float>(lambda));
    }
    return result;
}

struct PlaneShape {
    int64_t inputHeight;
    int64_t inputWidth;
    int64_t outputHeight;
    int64_t outputWidth;
};

// One plane: rows first (into `rows`, outputHeight x inputWidth), then columns.
void upsamplePlane(const float* input, const Taps& rowTaps, const Taps& columnTaps, const PlaneShape& shape,
    std::vector<float>& rows, float* output)
{
    const int64_t w = shape.inputWidth;
    for (int64_t y = 0; y < shape.outputHeight; ++y) {
        const float* low = input + rowTaps.low[static_cast<size_t>(y)] * w;
        const float* high = input + rowTaps.high[static_cast<size_t>(y)] * w;
        const float a = rowTaps.lowWeight[static_cast<size_t>(y)];
        const float b = rowTaps.highWeight[static_cast<size_t>(y)];
        float* row = rows.data() + y * w;
        for (int64_t x = 0; x < w; ++x) {
            row[x] = a * low[x] + b * high[x];
        }
    }
    for (int64_t y = 0; y < shape.outputHeight; ++y) {
        const float* row = rows.data() + y * w;
        float* out = output + y * shape.outputWidth;
        for (int64_t x = 0; x < shape.outputWidth; ++x) {
            const auto k = static_cast<size_t>(x);
            out[x]
                = columnTaps.lowWeight[k] * row[columnTaps.low[k]] + columnTaps.highWeight[k] * row[columnTaps.high[k]];
        }
    }
}

// The transpose of upsamplePlane: output gradient -> input gradient (overwritten).
void upsamplePlaneBackward(const float* gradient, const Taps& rowTaps, const Taps& columnTaps, const PlaneShape& shape,
    std::vector<float>& rows, float* inputGradient)
{
    const int64_t w = shape.inputWidth;
    std::fill(rows.begin(), rows.end(), 0.0f);
    for (int64_t y = 0; y < shape.outputHeight; ++y) {
        const float* in = gradient + y * shape.outputWidth;
        float* row = rows.data() + y * w;
        for (int64_t x = 0; x < shape.outputWidth; ++x) {
            const auto k = static_cast<size_t>(x);
            row[columnTaps.low[k]] += columnTaps.lowWeight[k] * in[x];
            row[columnTaps.high[k]] += columnTaps.highWeight[k] * in[x];
        }
    }
    std::fill(inputGradient, inputGradient + shape.inputHeight * w, 0.0f);
    for (int64_t y = 0; y < shape.outputHeight; ++y) {
        float* low = inputGradient + rowTaps.low[static_cast<size_t>(y)] * w;
        float* high = inputGradient + rowTaps.high[static_cast<size_t>(y)] * w;
        const float a = rowTaps.lowWeight[static_cast<size_t>(y)];
        const float b = rowTaps.highWeight[static_cast<size_t>(y)];
        const float* row = rows.data() + y * w;
        for (int64_t x = 0; x < w; ++x) {
            low[x] += a * row[x];
            high[x] += b * row[x];
        }
    }
}

// Runs `work(plane, rows)` for every plane of the batch, planes in parallel, with per-thread scratch rows.
template <typename Work> void forEachPlane(int64_t planes, const PlaneShape& shape, const Work& work)
{
    at::parallel_for(0, planes, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> rows(static_cast<size_t>(shape.outputHeight * shape.inputWidth));
        for (int64_t plane = begin; plane < end; ++plane) {
            work(plane, rows);
        }
    });
}

class BilinearUpsample : public torch::autograd::Function<BilinearUpsample> {
public:
    static torch::autograd::variable_list forward(
        torch::autograd::AutogradContext* context, const at::Tensor& x, int64_t outputHeight, int64_t outputWidth)
    {
        const at::Tensor input = x.to(at::kFloat).contiguous();
        const PlaneShape shape { input.size(2), input.size(3), outputHeight, outputWidth };
        context->saved_data["shape"]
            = std::vector<int64_t> { shape.inputHeight, shape.inputWidth, outputHeight, outputWidth };
        const Taps rowTaps = taps(outputHeight, shape.inputHeight);
        const Taps columnTaps = taps(outputWidth, shape.inputWidth);
        at::Tensor output = at::empty({ input.size(0), input.size(1), outputHeight, outputWidth }, at::kFloat);
        const int64_t inputPlane = shape.inputHeight * shape.inputWidth;
        const int64_t outputPlane = outputHeight * outputWidth;
        forEachPlane(input.size(0) * input.size(1), shape, [&](int64_t plane, std::vector<float>& rows) {
            upsamplePlane(input.data_ptr<float>() + plane * inputPlane, rowTaps, columnTaps, shape, rows,
                output.data_ptr<float>() + plane * outputPlane);
        });
        return { output };
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* context, torch::autograd::variable_list outputGradients)
    {
        const std::vector<int64_t> sizes = context->saved_data["shape"].toIntVector();
        const PlaneShape shape { sizes[0], sizes[1], sizes[2], sizes[3] };
        const at::Tensor gradient = outputGradients[0].to(at::kFloat).contiguous();
        const Taps rowTaps = taps(shape.outputHeight, shape.inputHeight);
        const Taps columnTaps = taps(shape.outputWidth, shape.inputWidth);
        at::Tensor inputGradient
            = at::empty({ gradient.size(0), gradient.size(1), shape.inputHeight, shape.inputWidth }, at::kFloat);
        const int64_t inputPlane = shape.inputHeight * shape.inputWidth;
        const int64_t outputPlane = shape.outputHeight * shape.outputWidth;
        forEachPlane(gradient.size(0) * gradient.size(1), shape, [&](int64_t plane, std::vector<float>& rows) {
            upsamplePlaneBackward(gradient.data_ptr<float>() + plane * outputPlane, rowTaps, columnTaps, shape, rows,
                inputGradient.data_ptr<float>() + plane * inputPlane);
        });
        return { inputGradient, at::Tensor(), at::Tensor() };
    }
};

} // namespace

at::Tensor upsampleBilinear(const at::Tensor& x, int64_t outputHeight, int64_t outputWidth)
{
    return BilinearUpsample::apply(x, outputHeight, outputWidth)[0];
}

} // namespace dinolens::inference::detail
