// Public SegmentationHead: the torch-free face of detail::HeadNetwork.
#include "dinolens/inference/segmentation_head.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "head_network.h"
#include "tensor_conversion.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

SegmentationHeadConfig headConfigForHiddenSize(int64_t hiddenSize, int64_t numClasses, double dropout)
{
    auto scaled = [hiddenSize](int64_t width768) {
        const int64_t width = (hiddenSize * width768 / 768 + 7) / 8 * 8;
        return std::max<int64_t>(16, width);
    };
    SegmentationHeadConfig config;
    config.inputChannels = hiddenSize;
    config.firstWidth = scaled(256);
    config.secondWidth = scaled(128);
    config.numClasses = numClasses;
    config.dropout = dropout;
    return config;
}

Result<SegmentationHead> SegmentationHead::create(const SegmentationHeadConfig& config, uint64_t seed)
{
    if (config.inputChannels < 1 || config.firstWidth < 1 || config.secondWidth < 1 || config.numClasses < 2) {
        return makeError(ErrorCode::InvalidArgument, "segmentation head widths must be positive, classes >= 2");
    }
    auto impl = std::make_unique<Impl>();
    impl->network = detail::HeadNetwork::create(config, seed);
    return SegmentationHead(std::move(impl));
}

Result<SegmentationHead> SegmentationHead::fromWeights(
    const SegmentationHeadConfig& config, const std::map<std::string, FloatTensor>& weights)
{
    auto created = create(config, 0);
    if (!created) {
        return created.error();
    }
    detail::HeadNetwork& network = created->impl().network;
    for (const auto& [name, shape] : detail::headTensorShapes(config)) {
        auto found = weights.find(name);
        if (found == weights.end() || found->second.shape != shape || !found->second.consistent()) {
            return makeError(ErrorCode::InvalidFormat,
                found == weights.end() ? "missing head tensor" : "head tensor has the wrong shape", name);
        }
        at::Tensor& target = network.parameters.count(name) != 0 ? network.parameters[name] : network.buffers[name];
        target = detail::toTorch(found->second).clone();
    }
    return created;
}

SegmentationHead::SegmentationHead(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
SegmentationHead::SegmentationHead(SegmentationHead&&) noexcept = default;
SegmentationHead& SegmentationHead::operator=(SegmentationHead&&) noexcept = default;
SegmentationHead::~SegmentationHead() = default;

const SegmentationHeadConfig& SegmentationHead::config() const
{
    return m_impl->network.config;
}

SegmentationHead::Impl& SegmentationHead::impl()
{
    return *m_impl;
}

const SegmentationHead::Impl& SegmentationHead::impl() const
{
    return *m_impl;
}

std::map<std::string, FloatTensor> SegmentationHead::weights() const
{
    std::map<std::string, FloatTensor> result;
    for (const auto& [name, tensor] : m_impl->network.state()) {
        result[name] = detail::toFloatTensor(tensor.detach());
    }
    return result;
}

int64_t SegmentationHead::parameterCount() const
{
    int64_t count = 0;
    for (const auto& [name, tensor] : m_impl->network.parameters) {
        count += tensor.numel();
    }
    return count;
}

Result<FloatTensor> SegmentationHead::forward(
    const FloatTensor& patchGrid, int64_t outputHeight, int64_t outputWidth) const
{
    if (patchGrid.dim() != 4 || !patchGrid.consistent() || patchGrid.size(3) != config().inputChannels
        || outputHeight < 1 || outputWidth < 1) {
        return makeError(ErrorCode::InvalidArgument,
            "patch grid must be [B, gh, gw, " + std::to_string(config().inputChannels) + "], got "
                + patchGrid.shapeString());
    }
    try {
        at::NoGradGuard noGrad;
        const at::Tensor features = detail::toTorch(patchGrid).permute({ 0, 3, 1, 2 }).contiguous();
        // forward() is const for callers; evaluation mode reads but never writes the network's tensors.
        auto& network = const_cast<detail::HeadNetwork&>(m_impl->network);
        return detail::toFloatTensor(network.forward(features, outputHeight, outputWidth, false));
    } catch (const std::exception& error) {
        return makeError(ErrorCode::Internal, std::string("segmentation head failed: ") + error.what());
    }
}

} // namespace dinolens::inference
