#pragma once
// Private: CRC-32C (Castagnoli), the checksum of TFRecord files. Debian 12 ships no C/C++ CRC-32C library
// (only a Python module), so this is the plain byte-wise table version; event files are small.

#include <cstddef>
#include <cstdint>

namespace dinolens::core::detail {

/// CRC-32C of `size` bytes (reflected polynomial 0x82F63B78, initial and final XOR 0xFFFFFFFF).
uint32_t crc32c(const void* data, size_t size);

/// TFRecord's masked CRC: the CRC rotated right by 15 bits plus 0xa282ead8, so that a CRC stored inside the data
/// it covers does not check itself.
uint32_t maskedCrc32c(const void* data, size_t size);

} // namespace dinolens::core::detail
