#pragma once
// A plain float32 tensor: the torch-free currency of the inference API. Row-major (C order), contiguous, owned.
// Thread-safety: a value type; no shared state.

#include <cstdint>
#include <string>
#include <vector>

namespace dinolens::inference {

struct FloatTensor {
    std::vector<int64_t> shape; // empty for a scalar
    std::vector<float> data; // product(shape) values, last dimension fastest

    FloatTensor() = default;
    FloatTensor(std::vector<int64_t> tensorShape, std::vector<float> values)
        : shape(std::move(tensorShape))
        , data(std::move(values))
    {
    }

    /// A zero-filled tensor of the given shape.
    static FloatTensor zeros(std::vector<int64_t> tensorShape);

    int64_t numel() const;
    int64_t dim() const { return static_cast<int64_t>(shape.size()); }
    int64_t size(int64_t axis) const { return shape.at(static_cast<size_t>(axis)); }
    /// True when data.size() matches the shape, i.e. the tensor is usable.
    bool consistent() const;
    /// "[2, 257, 768]".
    std::string shapeString() const;
};

/// Product of the extents; 1 for an empty shape. Negative extents count as 0.
int64_t shapeNumel(const std::vector<int64_t>& shape);

/// Largest |a - b| over all elements; +infinity when the shapes differ.
double maxAbsDifference(const FloatTensor& a, const FloatTensor& b);

} // namespace dinolens::inference
