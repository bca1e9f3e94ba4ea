#include "augmentation.h"

#include <cmath>
#include <numbers>
#include <vector>

#include "dinolens/inference/preprocess.h"

namespace dinolens::inference::detail {

AugmentedBatch augmentBatch(const at::Tensor& grey, const at::Tensor& masks, std::mt19937_64& random)
{
    const int64_t batch = grey.size(0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    at::Tensor theta = at::zeros({ batch, 2, 3 }, at::kFloat);
    std::vector<float> contrasts(static_cast<size_t>(batch));
    std::vector<float> brightnesses(static_cast<size_t>(batch));
    auto t = theta.accessor<float, 3>();
    for (int64_t i = 0; i < batch; ++i) {
        const double flip = unit(random) < 0.5 ? -1.0 : 1.0;
        const double angle = (unit(random) * 2.0 - 1.0) * 10.0 * std::numbers::pi / 180.0;
        const double scale = 0.9 + 0.2 * unit(random);
        // theta maps output coordinates to input coordinates: inverse scale, rotation, optional x flip.
        t[i][0][0] = static_cast<float>(flip * std::cos(angle) / scale);
        t[i][0][1] = static_cast<float>(-std::sin(angle) / scale);
        t[i][1][0] = static_cast<float>(flip * std::sin(angle) / scale);
        t[i][1][1] = static_cast<float>(std::cos(angle) / scale);
        contrasts[static_cast<size_t>(i)] = static_cast<float>(0.85 + 0.3 * unit(random));
        brightnesses[static_cast<size_t>(i)] = static_cast<float>((unit(random) * 2.0 - 1.0) * 0.1);
    }
    const at::Tensor contrast = at::tensor(at::ArrayRef<float>(contrasts)).view({ batch, 1, 1, 1 });
    const at::Tensor brightness = at::tensor(at::ArrayRef<float>(brightnesses)).view({ batch, 1, 1, 1 });
    const at::Tensor grid = at::affine_grid_generator(theta, grey.sizes(), false);
    // grid_sampler interpolation: 0 bilinear, 1 nearest; padding 0 zeros.
    at::Tensor image = at::grid_sampler(grey, grid, 0, 0, false);
    image = ((image - 0.5) * contrast + 0.5 + brightness).clamp(0.0, 1.0);
    const at::Tensor warped = at::grid_sampler(masks.unsqueeze(1).to(at::kFloat), grid, 1, 0, false);
    return { image, warped.squeeze(1).round().to(at::kLong) };
}

at::Tensor greyToPixels(const at::Tensor& grey)
{
    const at::Tensor mean = at::tensor({ kImageNetMean[0], kImageNetMean[1], kImageNetMean[2] }).view({ 1, 3, 1, 1 });
    const at::Tensor std = at::tensor({ kImageNetStd[0], kImageNetStd[1], kImageNetStd[2] }).view({ 1, 3, 1, 1 });
    return ((grey.expand({ grey.size(0), 3, grey.size(2), grey.size(3) }) - mean) / std).contiguous();
}

} // namespace dinolens::inference::detail
