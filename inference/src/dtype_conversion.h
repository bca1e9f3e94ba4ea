#pragma once
// Conversion of little-endian safetensors payloads to float32. Source bytes may be unaligned (offsets in a
// safetensors file need not be multiples of the item size), so every load goes through memcpy.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dinolens/inference/safetensors.h"

namespace dinolens::inference {

static_assert(std::endian::native == std::endian::little, "safetensors payloads are read as host-endian");

/// IEEE half -> float, exact (every half is representable as a float), subnormals and inf/NaN included.
inline float halfToFloat(uint16_t half)
{
    const uint32_t sign = static_cast<uint32_t>(half & 0x8000u) << 16;
    const uint32_t exponent = (half >> 10) & 0x1fu;
    uint32_t mantissa = half & 0x3ffu;
    uint32_t bits = 0;
    if (exponent == 0x1fu) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else if (exponent != 0) {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    } else if (mantissa == 0) {
        bits = sign;
    } else {
        // Subnormal half: normalise the mantissa into a float exponent.
        uint32_t shift = 0;
        while ((mantissa & 0x400u) == 0) {
            mantissa <<= 1;
            ++shift;
        }
        bits = sign | ((113u - shift) << 23) | ((mantissa & 0x3ffu) << 13);
    }
    return std::bit_cast<float>(bits);
}

inline float bfloat16ToFloat(uint16_t value)
{
    return std::bit_cast<float>(static_cast<uint32_t>(value) << 16);
}

/// Converts `count` elements; false for a dtype that is not floating point.
inline bool convertToFloat(SafetensorsDtype dtype, const unsigned char* source, size_t count, float* destination)
{
    switch (dtype) {
    case SafetensorsDtype::F32:
        if (count == 0) {
            return true; // an empty tensor: there may be no buffer at all
        }
        std::memcpy(destination, source, count * sizeof(float));
        return true;
    case SafetensorsDtype::F64:
        for (size_t i = 0; i < count; ++i) {
            double value = 0;
            std::memcpy(&value, source + i * sizeof(double), sizeof(double));
            destination[i] = static_cast<float>(value);
        }
        return true;
    case SafetensorsDtype::F16:
    case SafetensorsDtype::BF16:
        for (size_t i = 0; i < count; ++i) {
            uint16_t value = 0;
            std::memcpy(&value, source + i * sizeof(uint16_t), sizeof(uint16_t));
            destination[i] = dtype == SafetensorsDtype::F16 ? halfToFloat(value) : bfloat16ToFloat(value);
        }
        return true;
    default:
        return false;
    }
}

} // namespace dinolens::inference
