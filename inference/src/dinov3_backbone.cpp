// DINOv3 as Hugging Face's DINOv3ViTModel computes it (see docs/model-reference.md).
#include "dinov3_backbone.h"

#include <cmath>
#include <string>

namespace dinolens::inference::detail::dinov3 {

RopeTables ropeTables(
    const BackboneConfig& config, int64_t gridHeight, int64_t gridWidth, const at::TensorOptions& options)
{
    // The same float32 operations, in the same order, as DINOv3ViTRopePositionEmbedding, computed on the CPU.
    const at::TensorOptions cpu = at::TensorOptions(at::kFloat);
    const double headDim = static_cast<double>(config.headDim());
    const at::Tensor exponents = at::arange(0.0, 1.0, 4.0 / headDim, cpu);
    const at::Tensor inverseFrequency = at::reciprocal(at::pow(config.ropeTheta, exponents));
    const at::Tensor rows = at::arange(0.5, static_cast<double>(gridHeight), 1.0, cpu).div(gridHeight);
    const at::Tensor columns = at::arange(0.5, static_cast<double>(gridWidth), 1.0, cpu).div(gridWidth);
    const std::vector<at::Tensor> mesh = at::meshgrid({ rows, columns }, "ij");
    const at::Tensor coordinates = at::stack({ mesh[0], mesh[1] }, -1).flatten(0, 1).mul(2.0).sub(1.0);
    const at::Tensor angles = coordinates.unsqueeze(-1).mul(2.0 * M_PI).mul(inverseFrequency.view({ 1, 1, -1 }));
    const at::Tensor tiled = angles.flatten(1, 2).repeat({ 1, 2 });
    RopeTables tables;
    tables.cos = at::cos(tiled).to(options);
    tables.sin = at::sin(tiled).to(options);
    const int64_t half = tables.sin.size(1) / 2;
    tables.sinSigned = at::cat({ tables.sin.narrow(1, 0, half).neg(), tables.sin.narrow(1, half, half) }, 1);
    return tables;
}

at::Tensor embed(const BackboneConfig& config, const VitWeights& weights, const at::Tensor& pixels)
{
    const int64_t batch = pixels.size(0);
    std::vector<at::Tensor> parts = { weights.clsToken.expand({ batch, 1, config.hiddenSize }) };
    if (config.numRegisterTokens > 0) {
        parts.push_back(weights.registerTokens.expand({ batch, config.numRegisterTokens, config.hiddenSize }));
    }
    parts.push_back(embedPatches(weights, pixels, config.patchSize));
    return at::cat(parts, 1);
}

} // namespace dinolens::inference::detail::dinov3
