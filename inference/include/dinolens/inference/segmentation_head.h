#pragma once
// The segmentation head of the study on a frozen backbone's patch-token grid:
//   conv 1x1 D -> W1, BatchNorm, GELU, dropout; conv 3x3 W1 -> W2, BatchNorm, GELU, dropout; conv 1x1 W2 -> C
//   (with bias); bilinear upsampling (align_corners = false) of the logits to the requested output size.
// W1 = 256 and W2 = 128 for D = 768 and scale with D for other backbones (multiples of 8, at least 16).
// Ownership: SegmentationHead owns its weights (float32, CPU); move-only.
// Thread-safety: forward() is const and may run concurrently in evaluation mode; training is trainer.h's job.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"

namespace dinolens::inference {

struct SegmentationHeadConfig {
    int64_t inputChannels = 768; // backbone hidden size D
    int64_t firstWidth = 256;
    int64_t secondWidth = 128;
    int64_t numClasses = 4; // background, glioma, meningioma, pituitary
    double dropout = 0.1;
};

/// The head widths of the study scaled to a backbone of hidden size `hiddenSize`.
SegmentationHeadConfig headConfigForHiddenSize(int64_t hiddenSize, int64_t numClasses = 4, double dropout = 0.1);

class SegmentationHead {
public:
    /// Kaiming-uniform initialised head (PyTorch's Conv2d default), deterministic for a seed.
    static core::Result<SegmentationHead> create(const SegmentationHeadConfig& config, uint64_t seed);
    /// A head from named weights ("conv1.weight", "bn1.running_mean", ...; see weights()).
    /// Errors: InvalidFormat (a missing or mis-shaped tensor).
    static core::Result<SegmentationHead> fromWeights(
        const SegmentationHeadConfig& config, const std::map<std::string, FloatTensor>& weights);

    SegmentationHead(SegmentationHead&&) noexcept;
    SegmentationHead& operator=(SegmentationHead&&) noexcept;
    ~SegmentationHead();

    const SegmentationHeadConfig& config() const;
    /// Parameters and BatchNorm statistics by name (copies).
    std::map<std::string, FloatTensor> weights() const;
    int64_t parameterCount() const;

    /// Evaluation-mode forward: patchGrid [B, gh, gw, D] (as BackboneOutput::patchGrid) -> logits
    /// [B, C, outputHeight, outputWidth]. Errors: InvalidArgument (shape).
    core::Result<FloatTensor> forward(const FloatTensor& patchGrid, int64_t outputHeight, int64_t outputWidth) const;

    struct Impl; // opaque: defined in the library's private sources
    Impl& impl();
    const Impl& impl() const;

private:
    explicit SegmentationHead(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace dinolens::inference
