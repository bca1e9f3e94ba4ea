#pragma once
// Checked arithmetic for sizes that come from untrusted headers (DICOM rows, columns, frames, samples and bits;
// NIfTI dimensions; JPEG 2000 components; image sides; safetensors shapes). Every product or sum of such sizes
// goes through these functions and is compared with a memory limit before anything is allocated or looped over.
// Thread-safety: pure functions.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "dinolens/core/result.h"

namespace dinolens::core {

/// The product of `factors`, or nullopt when a factor is negative or the product does not fit in 64 bits.
std::optional<std::uint64_t> checkedProduct(std::initializer_list<std::int64_t> factors);

/// a + b, or nullopt when it does not fit in 64 bits.
std::optional<std::uint64_t> checkedSum(std::uint64_t a, std::uint64_t b);

/// The number of bytes of a buffer of `factors` (counts and, last, the element size in bytes). Errors:
/// InvalidFormat for a factor below 1, TooLarge when the product overflows or exceeds `limitBytes`. The message
/// names `what` ("image of 512 x 512 x 4000000000", ...), the context is `context`.
Result<std::size_t> checkedBytes(std::initializer_list<std::int64_t> factors, std::size_t limitBytes,
    const std::string& what, const std::string& context);

/// A running total of bytes against one limit (the voxels of a series' files, the tensors of a checkpoint).
class ByteBudget {
public:
    explicit ByteBudget(std::size_t limitBytes)
        : m_limit(limitBytes)
    {
    }

    /// Adds `bytes`; false (and the total unchanged) when the sum overflows or passes the limit.
    bool add(std::uint64_t bytes);
    std::uint64_t used() const { return m_used; }
    std::size_t limit() const { return m_limit; }

private:
    std::size_t m_limit;
    std::uint64_t m_used = 0;
};

/// A header value as an int within [minimum, maximum]; nullopt when it is not finite or outside the range
/// (instead of the silent wrap-around of a cast).
std::optional<int> headerInt(double value, int minimum, int maximum);
std::optional<int> headerInt(std::int64_t value, int minimum, int maximum);

} // namespace dinolens::core
