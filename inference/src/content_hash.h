#pragma once
// Private: FNV-1a 64-bit hashing of bytes and files (cache keys, data fingerprints). Not cryptographic.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace dinolens::inference::detail {

inline constexpr uint64_t kFnvOffset = 14695981039346656037ull;

inline uint64_t fnv1a(const void* data, size_t size, uint64_t hash = kFnvOffset)
{
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < size; ++i) {
        hash = (hash ^ bytes[i]) * 1099511628211ull;
    }
    return hash;
}

inline uint64_t fnv1a(const std::string& text, uint64_t hash = kFnvOffset)
{
    return fnv1a(text.data(), text.size(), hash);
}

inline uint64_t combineHash(uint64_t hash, uint64_t value)
{
    return fnv1a(&value, sizeof value, hash);
}

/// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> readFileBytes(const std::filesystem::path& path);

/// 16 lower-case hex digits.
std::string hexHash(uint64_t hash);

} // namespace dinolens::inference::detail
