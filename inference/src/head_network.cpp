#include "head_network.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

namespace dinolens::inference::detail {

std::map<std::string, std::vector<int64_t>> headTensorShapes(const SegmentationHeadConfig& config)
{
    const int64_t d = config.inputChannels;
    const int64_t w1 = config.firstWidth;
    const int64_t w2 = config.secondWidth;
    const int64_t c = config.numClasses;
    return { { "conv1.weight", { w1, d, 1, 1 } }, { "bn1.weight", { w1 } }, { "bn1.bias", { w1 } },
        { "bn1.running_mean", { w1 } }, { "bn1.running_var", { w1 } }, { "conv2.weight", { w2, w1, 3, 3 } },
        { "bn2.weight", { w2 } }, { "bn2.bias", { w2 } }, { "bn2.running_mean", { w2 } }, { "bn2.running_var", { w2 } },
        { "conv3.weight", { c, w2, 1, 1 } }, { "conv3.bias", { c } } };
}

namespace {

bool isBuffer(const std::string& name)
{
    return name.find("running_") != std::string::npos;
}

at::Tensor uniform(const std::vector<int64_t>& shape, double bound, at::Generator& generator)
{
    return at::empty(shape, at::kFloat).uniform_(-bound, bound, generator);
}

} // namespace

at::Tensor bilinearMatrix(int64_t outputSize, int64_t inputSize)
{
    at::Tensor matrix = at::zeros({ outputSize, inputSize }, at::kFloat);
    auto m = matrix.accessor<float, 2>();
    const double scale = static_cast<double>(inputSize) / static_cast<double>(outputSize);
    for (int64_t out = 0; out < outputSize; ++out) {
        const double source = std::max(0.0, (static_cast<double>(out) + 0.5) * scale - 0.5);
        const auto low = std::min(static_cast<int64_t>(source), inputSize - 1);
        const int64_t high = std::min(low + 1, inputSize - 1);
        const double lambda = source - static_cast<double>(low);
        m[out][low] += static_cast<float>(1.0 - lambda);
        m[out][high] += static_cast<float>(lambda);
    }
    return matrix;
}

HeadNetwork HeadNetwork::create(const SegmentationHeadConfig& config, uint64_t seed)
{
    HeadNetwork head;
    head.config = config;
    at::Generator generator = at::detail::createCPUGenerator(seed);
    const auto shapes = headTensorShapes(config);
    for (const auto& [name, shape] : shapes) {
        at::Tensor value;
        if (name.find("conv") == 0) {
            const std::vector<int64_t>& weight = shapes.at(name.substr(0, 5) + ".weight");
            // kaiming_uniform_(a = sqrt(5)) gives bound 1 / sqrt(fan_in); the bias uses the same bound.
            const double bound = 1.0 / std::sqrt(static_cast<double>(weight[1] * weight[2] * weight[3]));
            value = uniform(shape, bound, generator);
        } else if (name.find("running_var") != std::string::npos || name.find(".weight") != std::string::npos) {
            value = at::ones(shape, at::kFloat);
        } else {
            value = at::zeros(shape, at::kFloat);
        }
        (isBuffer(name) ? head.buffers : head.parameters)[name] = value;
    }
    return head;
}

at::Tensor HeadNetwork::forward(const at::Tensor& features, int64_t outputHeight, int64_t outputWidth, bool training)
{
    constexpr double kMomentum = 0.1;
    constexpr double kEpsilon = 1e-5;
    auto block = [&](const at::Tensor& input, const std::string& index, int64_t padding) {
        at::Tensor x = at::conv2d(input, parameters.at("conv" + index + ".weight"), {}, 1, padding);
        x = at::batch_norm(x, parameters.at("bn" + index + ".weight"), parameters.at("bn" + index + ".bias"),
            buffers.at("bn" + index + ".running_mean"), buffers.at("bn" + index + ".running_var"), training, kMomentum,
            kEpsilon, false);
        x = at::gelu(x);
        return at::dropout(x, config.dropout, training);
    };
    at::Tensor x = block(features, "1", 0);
    x = block(x, "2", 1);
    x = at::conv2d(x, parameters.at("conv3.weight"), parameters.at("conv3.bias"));
    // Bilinear upsampling is separable and linear: two small matrix products give upsample_bilinear2d's result
    // (to rounding) with a backward pass that is a GEMM instead of ATen's slow scatter loop on the CPU.
    x = at::matmul(bilinearMatrix(outputHeight, x.size(2)), x);
    return at::matmul(x, bilinearMatrix(outputWidth, x.size(3)).t());
}

std::map<std::string, at::Tensor> HeadNetwork::state() const
{
    std::map<std::string, at::Tensor> all = parameters;
    all.insert(buffers.begin(), buffers.end());
    return all;
}

void HeadNetwork::setRequiresGrad(bool value)
{
    for (auto& [name, tensor] : parameters) {
        tensor.set_requires_grad(value);
    }
}

} // namespace dinolens::inference::detail
