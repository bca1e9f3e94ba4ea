// DINOv2 as Hugging Face's Dinov2Model computes it (see docs/model-reference.md).
#include "dinov2_backbone.h"

#include <cmath>
#include <string>

namespace dinolens::inference::detail::dinov2 {

at::Tensor positionTable(const BackboneConfig& config, const VitWeights& weights, int64_t height, int64_t width)
{
    const at::Tensor& table = weights.positionEmbeddings;
    const int64_t positions = table.size(1) - 1;
    const int64_t gridHeight = height / config.patchSize;
    const int64_t gridWidth = width / config.patchSize;
    // Hugging Face skips the resize when the patch count matches and the input is square.
    if (gridHeight * gridWidth == positions && height == width) {
        return table;
    }
    const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(positions))));
    const int64_t d = table.size(2);
    const at::Tensor grid = table.narrow(1, 1, positions).reshape({ 1, side, side, d }).permute({ 0, 3, 1, 2 });
    const at::Tensor resized = config.positionAntialias
        ? at::_upsample_bicubic2d_aa(grid, { gridHeight, gridWidth }, false)
        : at::upsample_bicubic2d(grid, { gridHeight, gridWidth }, false);
    const at::Tensor flat = resized.permute({ 0, 2, 3, 1 }).reshape({ 1, gridHeight * gridWidth, d });
    return at::cat({ table.narrow(1, 0, 1), flat }, 1);
}

at::Tensor embed(
    const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels, const at::Tensor& positions)
{
    const int64_t batch = pixels.size(0);
    const at::Tensor patches = embedPatches(weights, pixels, config.patchSize);
    at::Tensor tokens = at::cat({ weights.clsToken.expand({ batch, 1, config.hiddenSize }), patches }, 1);
    tokens.add_(positions);
    if (config.numRegisterTokens == 0) {
        return tokens;
    }
    // The with-registers model inserts its registers after the position embedding has been added.
    const at::Tensor registers = weights.registerTokens.expand({ batch, config.numRegisterTokens, config.hiddenSize });
    return at::cat({ tokens.narrow(1, 0, 1), registers, tokens.narrow(1, 1, tokens.size(1) - 1) }, 1);
}

} // namespace dinolens::inference::detail::dinov2
