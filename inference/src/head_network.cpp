#include "head_network.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "bilinear_upsample.h"
#include "distributed_training.h"

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

// Inverted dropout as at::dropout computes it (x * mask / (1 - p)), with the keep/drop mask drawn from SplitMix64
// seeded by one number of ATen's default generator, so that at::manual_seed still fixes every mask. ATen's CPU
// bernoulli_ draws each element through the locked generator and cost more than the head's forward pass. Each
// element keeps with probability round((1 - p) * 2^16) / 2^16 (within 1e-5 of 1 - p). SplitMix64 is a counter:
// element e of the global batch takes 16 bits of draw e / 4, so a rank holding the batch from sample
// `firstSample` on draws exactly the masks that the whole batch does in one process.
at::Tensor dropout(const at::Tensor& input, double probability, int64_t firstSample)
{
    if (probability <= 0.0) {
        return input;
    }
    uint64_t state = 0;
    {
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        const std::lock_guard<std::mutex> lock(generator.mutex());
        state = generator.get<at::CPUGeneratorImpl>()->random64();
    }
    const auto threshold = static_cast<uint64_t>(std::llround((1.0 - probability) * 65536.0));
    const auto scale = static_cast<float>(1.0 / (1.0 - probability));
    at::Tensor mask = at::empty(input.sizes(), input.options().requires_grad(false));
    float* values = mask.data_ptr<float>();
    const int64_t count = mask.numel();
    const int64_t first = firstSample * (count / std::max<int64_t>(1, input.size(0))); // elements per sample
    int64_t i = 0;
    while (i < count) {
        const auto draw = static_cast<uint64_t>((first + i) / 4);
        uint64_t bits = state + (draw + 1) * 0x9E3779B97F4A7C15ull; // SplitMix64
        bits = (bits ^ (bits >> 30)) * 0xBF58476D1CE4E5B9ull;
        bits = (bits ^ (bits >> 27)) * 0x94D049BB133111EBull;
        bits ^= bits >> 31;
        for (int64_t k = (first + i) % 4; k < 4 && i < count; ++k, ++i) {
            values[i] = ((bits >> (16 * k)) & 0xFFFFu) < threshold ? scale : 0.0f;
        }
    }
    return input * mask;
}

} // namespace

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

at::Tensor HeadNetwork::forward(
    const at::Tensor& features, int64_t outputHeight, int64_t outputWidth, bool training, const BatchShard* shard)
{
    ProcessGroup* group = training && shard != nullptr ? shard->group : nullptr;
    constexpr double kMomentum = 0.1;
    constexpr double kEpsilon = 1e-5;
    auto block = [&](const at::Tensor& input, const std::string& index, int64_t padding) {
        at::Tensor x = at::conv2d(input, parameters.at("conv" + index + ".weight"), {}, 1, padding);
        const std::string bn = "bn" + index;
        if (group != nullptr) {
            x = syncBatchNorm(x, parameters.at(bn + ".weight"), parameters.at(bn + ".bias"),
                buffers.at(bn + ".running_mean"), buffers.at(bn + ".running_var"), kMomentum, kEpsilon, *group);
        } else {
            x = at::batch_norm(x, parameters.at(bn + ".weight"), parameters.at(bn + ".bias"),
                buffers.at(bn + ".running_mean"), buffers.at(bn + ".running_var"), training, kMomentum, kEpsilon,
                false);
        }
        x = at::gelu(x);
        return training ? dropout(x, config.dropout, shard != nullptr ? shard->firstSample : 0) : x;
    };
    at::Tensor x = block(features, "1", 0);
    x = block(x, "2", 1);
    x = at::conv2d(x, parameters.at("conv3.weight"), parameters.at("conv3.bias"));
    return upsampleBilinear(x, outputHeight, outputWidth);
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
