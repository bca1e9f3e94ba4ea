#include "dinolens/inference/float_tensor.h"

#include <cmath>
#include <limits>

namespace dinolens::inference {

FloatTensor FloatTensor::zeros(std::vector<int64_t> tensorShape)
{
    const int64_t count = shapeNumel(tensorShape);
    return FloatTensor(std::move(tensorShape), std::vector<float>(static_cast<size_t>(count), 0.0f));
}

int64_t FloatTensor::numel() const
{
    return shapeNumel(shape);
}

bool FloatTensor::consistent() const
{
    return static_cast<int64_t>(data.size()) == shapeNumel(shape);
}

std::string FloatTensor::shapeString() const
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
    }
    return text + "]";
}

int64_t shapeNumel(const std::vector<int64_t>& shape)
{
    int64_t count = 1;
    for (const int64_t extent : shape) {
        count *= extent < 0 ? 0 : extent;
    }
    return count;
}

double maxAbsDifference(const FloatTensor& a, const FloatTensor& b)
{
    if (a.shape != b.shape || a.data.size() != b.data.size()) {
        return std::numeric_limits<double>::infinity();
    }
    double worst = 0.0;
    for (size_t i = 0; i < a.data.size(); ++i) {
        const double diff = std::fabs(static_cast<double>(a.data[i]) - static_cast<double>(b.data[i]));
        // NaN must count as a mismatch, and NaN comparisons are false, hence the explicit check.
        if (std::isnan(diff)) {
            return std::numeric_limits<double>::infinity();
        }
        worst = diff > worst ? diff : worst;
    }
    return worst;
}

} // namespace dinolens::inference
