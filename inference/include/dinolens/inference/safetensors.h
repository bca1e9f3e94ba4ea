#pragma once
// Reading and writing the safetensors format (u64 little-endian header length, JSON header, raw little-endian
// data). The reader memory-maps the file and validates the whole header before handing out any tensor: every
// offset lies inside the data region and every byte count equals numel * itemsize, so a truncated or corrupt
// file gives an Error, never a crash or an out-of-bounds read. F64, F32, F16 and BF16 are converted to float32.
// Thread-safety: a SafetensorsFile is immutable after open(); reading from several threads at once is safe.
// Ownership: the mapping lives as long as the SafetensorsFile (move-only).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/inference/float_tensor.h"

namespace dinolens::inference {

/// Element types named by the safetensors specification.
enum class SafetensorsDtype { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

/// Spelling used in the header ("F32", "BF16", ...).
const char* safetensorsDtypeName(SafetensorsDtype dtype);
/// Bytes per element.
int safetensorsDtypeSize(SafetensorsDtype dtype);

struct SafetensorsEntry {
    std::string name;
    SafetensorsDtype dtype = SafetensorsDtype::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0; // byte offsets relative to the start of the data region (after the header)
    uint64_t end = 0;
};

struct SafetensorsLimits {
    // The reference implementation refuses headers over 100 MB; a larger one is corrupt or hostile.
    uint64_t maxHeaderBytes = 100ull * 1024 * 1024;
};

class SafetensorsFile {
public:
    /// Maps `path` and validates its header. Errors: NotFound, Unreadable, Truncated (file shorter than its
    /// header or data claims), TooLarge (header over the limit), InvalidFormat (bad JSON, offsets outside the
    /// data region, byte counts that do not match the shape), UnsupportedFormat (unknown dtype).
    static core::Result<SafetensorsFile> open(const std::filesystem::path& path, const SafetensorsLimits& limits = {});

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    ~SafetensorsFile();

    const std::filesystem::path& path() const;
    /// Entries sorted by name; `__metadata__` is not an entry.
    const std::vector<SafetensorsEntry>& entries() const;
    /// The entry called `name`, or nullptr.
    const SafetensorsEntry* find(const std::string& name) const;
    /// The optional `__metadata__` string map (non-string values are kept as their JSON text).
    const std::map<std::string, std::string>& metadata() const;

    /// Tensor `name` converted to float32. Errors: NotFound (no such tensor), UnsupportedFormat (integer dtype).
    core::Result<FloatTensor> readFloat(const std::string& name) const;
    /// The raw little-endian bytes of `entry` (any dtype), valid while this file lives.
    std::string_view bytes(const SafetensorsEntry& entry) const;
    /// Converts `entry` to float32 into `destination`, which holds numel(entry.shape) floats.
    core::Status readFloatInto(const SafetensorsEntry& entry, float* destination) const;

private:
    struct Impl;
    explicit SafetensorsFile(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// Every tensor of a file as float32, by name.
core::Result<std::map<std::string, FloatTensor>> readSafetensors(const std::filesystem::path& path);

/// Writes F32 tensors (keys sorted, header padded to 8 bytes) atomically: a temporary file beside `path` is
/// written, flushed and renamed over `path`, so readers never see a half-written file.
/// Errors: InvalidArgument (a tensor whose data does not match its shape, an empty name), Unwritable.
core::Status writeSafetensors(const std::filesystem::path& path, const std::map<std::string, FloatTensor>& tensors,
    const std::map<std::string, std::string>& metadata = {});

/// A tensor of any dtype as its raw little-endian bytes (numel(shape) x dtype size of them), for writing.
struct SafetensorsRawTensor {
    SafetensorsDtype dtype = SafetensorsDtype::U8;
    std::vector<int64_t> shape;
    std::string_view bytes; // not owned: valid until the write returns
};
/// As writeSafetensors, for tensors of any dtype. Errors: InvalidArgument (a byte count that does not match the
/// shape and dtype, an empty name), Unwritable.
core::Status writeSafetensorsRaw(const std::filesystem::path& path,
    const std::map<std::string, SafetensorsRawTensor>& tensors,
    const std::map<std::string, std::string>& metadata = {});

} // namespace dinolens::inference
