#pragma once
// Private: the segmentation head as plain ATen tensors (no torch::nn), so that its parameters, BatchNorm
// statistics and optimiser state are named tensors that checkpoints and AdamW handle directly.

#include <ATen/ATen.h>

#include <map>
#include <string>

#include "dinolens/inference/segmentation_head.h"

namespace dinolens::inference::detail {

struct BatchShard;

struct HeadNetwork {
    SegmentationHeadConfig config;
    std::map<std::string, at::Tensor> parameters; // trained: conv1.weight, bn1.weight, bn1.bias, ...
    std::map<std::string, at::Tensor> buffers; // BatchNorm running statistics

    /// Kaiming-uniform convolutions (a = sqrt(5), as torch.nn.Conv2d), BatchNorm weight 1, bias 0.
    static HeadNetwork create(const SegmentationHeadConfig& config, uint64_t seed);
    /// features [B, D, gh, gw] -> logits [B, C, outputHeight, outputWidth]. `training` uses batch statistics
    /// (updating the running ones) and dropout from ATen's default generator. With a `shard` that has a group,
    /// `features` are this rank's share of a global batch: the batch statistics are the global batch's and the
    /// dropout masks those the whole batch would draw (distributed_training.h).
    at::Tensor forward(const at::Tensor& features, int64_t outputHeight, int64_t outputWidth, bool training,
        const BatchShard* shard = nullptr);

    /// Every parameter and buffer by name.
    std::map<std::string, at::Tensor> state() const;
    void setRequiresGrad(bool value);
};

/// The expected shape of every named tensor of a head (parameters and buffers).
std::map<std::string, std::vector<int64_t>> headTensorShapes(const SegmentationHeadConfig& config);

} // namespace dinolens::inference::detail

namespace dinolens::inference {

struct SegmentationHead::Impl {
    detail::HeadNetwork network;
};

} // namespace dinolens::inference
