#include "augmentation.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

#include "dinolens/inference/preprocess.h"

namespace dinolens::inference::detail {

namespace {

// Normalised 1-D Gaussian kernel of the given sigma, 2 * radius + 1 taps.
at::Tensor gaussianKernel(double sigma)
{
    const int radius = std::max(1, static_cast<int>(std::ceil(2.5 * sigma)));
    std::vector<float> taps;
    double sum = 0.0;
    for (int x = -radius; x <= radius; ++x) {
        taps.push_back(static_cast<float>(std::exp(-0.5 * x * x / (sigma * sigma))));
        sum += taps.back();
    }
    for (float& tap : taps) {
        tap = static_cast<float>(tap / sum);
    }
    return at::tensor(at::ArrayRef<float>(taps));
}

// One image [1, 1, H, W] blurred separably with a Gaussian of `sigma` (replicated borders).
at::Tensor blurred(const at::Tensor& image, double sigma)
{
    const at::Tensor kernel = gaussianKernel(sigma);
    const int64_t radius = (kernel.size(0) - 1) / 2;
    at::Tensor padded = at::replication_pad2d(image, { radius, radius, radius, radius });
    padded = at::conv2d(padded, kernel.view({ 1, 1, 1, -1 }));
    return at::conv2d(padded, kernel.view({ 1, 1, -1, 1 }));
}

// Scanner and protocol variation of one image [1, 1, H, W] in [0, 1] (see augmentation.h).
at::Tensor mriVariation(at::Tensor image, std::mt19937_64& random)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int64_t height = image.size(2);
    const int64_t width = image.size(3);
    const double gamma = 0.7 + 0.8 * unit(random);
    std::array<double, 5> bias {};
    for (double& coefficient : bias) {
        coefficient = (unit(random) * 2.0 - 1.0) * 0.3;
    }
    const bool lowResolution = unit(random) < 0.25;
    const double factor = 0.4 + 0.5 * unit(random);
    const bool blur = unit(random) < 0.2;
    const double sigma = 0.5 + 0.7 * unit(random);
    const bool noise = unit(random) < 0.3;
    const double noiseSigma = 0.01 + 0.04 * unit(random);
    const uint64_t noiseSeed = random();

    image = image.clamp_min(0.0).pow(gamma);
    const at::Tensor y = at::linspace(-1.0, 1.0, height, at::kFloat).view({ 1, 1, height, 1 });
    const at::Tensor x = at::linspace(-1.0, 1.0, width, at::kFloat).view({ 1, 1, 1, width });
    const at::Tensor field = at::exp(bias[0] * x + bias[1] * y + bias[2] * x * y + bias[3] * x * x + bias[4] * y * y);
    image = image * field / field.mean();
    if (lowResolution) {
        const auto small
            = [&](int64_t side) { return std::max<int64_t>(8, std::llround(factor * static_cast<double>(side))); };
        image = at::upsample_bilinear2d(
            at::upsample_bilinear2d(image, { small(height), small(width) }, false), { height, width }, false);
    }
    if (blur) {
        image = blurred(image, sigma);
    }
    if (noise) {
        at::Generator generator = at::detail::createCPUGenerator(noiseSeed);
        image = image + at::normal(0.0, noiseSigma, image.sizes(), generator);
    }
    return image.clamp(0.0, 1.0);
}

} // namespace

AugmentedBatch augmentBatch(const at::Tensor& grey, const at::Tensor& masks, std::mt19937_64& random, bool mri)
{
    const int64_t batch = grey.size(0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    at::Tensor theta = at::zeros({ batch, 2, 3 }, at::kFloat);
    std::vector<float> contrasts(static_cast<size_t>(batch));
    std::vector<float> brightnesses(static_cast<size_t>(batch));
    auto t = theta.accessor<float, 3>();
    for (int64_t i = 0; i < batch; ++i) {
        const double flip = unit(random) < 0.5 ? -1.0 : 1.0;
        const double angle = (unit(random) * 2.0 - 1.0) * (mri ? 15.0 : 10.0) * std::numbers::pi / 180.0;
        const double scale = mri ? 0.8 + 0.4 * unit(random) : 0.9 + 0.2 * unit(random);
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
    if (mri) {
        std::vector<at::Tensor> varied;
        for (int64_t i = 0; i < batch; ++i) {
            varied.push_back(mriVariation(image.narrow(0, i, 1), random));
        }
        image = at::cat(varied, 0);
    }
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
