#include "dinolens/core/checked_size.h"

#include <cmath>

namespace dinolens::core {

std::optional<std::uint64_t> checkedProduct(std::initializer_list<std::int64_t> factors)
{
    std::uint64_t product = 1;
    for (const std::int64_t factor : factors) {
        if (factor < 0 || __builtin_mul_overflow(product, static_cast<std::uint64_t>(factor), &product)) {
            return std::nullopt;
        }
    }
    return product;
}

std::optional<std::uint64_t> checkedSum(std::uint64_t a, std::uint64_t b)
{
    std::uint64_t sum = 0;
    if (__builtin_add_overflow(a, b, &sum)) {
        return std::nullopt;
    }
    return sum;
}

Result<std::size_t> checkedBytes(std::initializer_list<std::int64_t> factors, std::size_t limitBytes,
    const std::string& what, const std::string& context)
{
    for (const std::int64_t factor : factors) {
        if (factor < 1) {
            return makeError(ErrorCode::InvalidFormat, what + ": a size in the header is zero or negative", context);
        }
    }
    const auto bytes = checkedProduct(factors);
    if (!bytes || *bytes > limitBytes) {
        return makeError(ErrorCode::TooLarge,
            what + (bytes ? " needs " + std::to_string(*bytes) + " bytes" : " overflows 64-bit sizes")
                + ", beyond the memory limit of " + std::to_string(limitBytes) + " bytes",
            context);
    }
    return static_cast<std::size_t>(*bytes);
}

bool ByteBudget::add(std::uint64_t bytes)
{
    const auto sum = checkedSum(m_used, bytes);
    if (!sum || *sum > m_limit) {
        return false;
    }
    m_used = *sum;
    return true;
}

std::optional<int> headerInt(double value, int minimum, int maximum)
{
    const double rounded = std::isfinite(value) ? std::round(value) : 0.0;
    if (!std::isfinite(value) || rounded < minimum || rounded > maximum) {
        return std::nullopt;
    }
    return static_cast<int>(rounded);
}

std::optional<int> headerInt(std::int64_t value, int minimum, int maximum)
{
    if (value < minimum || value > maximum) {
        return std::nullopt;
    }
    return static_cast<int>(value);
}

} // namespace dinolens::core
