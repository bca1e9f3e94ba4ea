// Memory-mapped safetensors reader. All validation happens in open(), so readFloat() can trust the entries.
#include "dinolens/inference/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "dinolens/core/checked_size.h"
#include "dinolens/core/json_text.h"
#include "dtype_conversion.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;
using core::Status;

namespace {

constexpr uint64_t kLengthPrefixBytes = 8;

struct DtypeName {
    const char* name;
    SafetensorsDtype dtype;
    int size;
};

constexpr DtypeName kDtypes[] = {
    { "F64", SafetensorsDtype::F64, 8 },
    { "F32", SafetensorsDtype::F32, 4 },
    { "F16", SafetensorsDtype::F16, 2 },
    { "BF16", SafetensorsDtype::BF16, 2 },
    { "I64", SafetensorsDtype::I64, 8 },
    { "I32", SafetensorsDtype::I32, 4 },
    { "I16", SafetensorsDtype::I16, 2 },
    { "I8", SafetensorsDtype::I8, 1 },
    { "U8", SafetensorsDtype::U8, 1 },
    { "BOOL", SafetensorsDtype::Bool, 1 },
};

bool parseDtype(const std::string& text, SafetensorsDtype& dtype)
{
    for (const DtypeName& entry : kDtypes) {
        if (text == entry.name) {
            dtype = entry.dtype;
            return true;
        }
    }
    return false;
}

Result<SafetensorsEntry> parseEntry(const std::string& name, const nlohmann::json& value, uint64_t dataSize)
{
    if (!value.is_object() || !value.contains("dtype") || !value.contains("shape") || !value.contains("data_offsets")) {
        return makeError(ErrorCode::InvalidFormat, "header entry lacks dtype, shape or data_offsets", name);
    }
    SafetensorsEntry entry;
    entry.name = name;
    const nlohmann::json& dtype = value["dtype"];
    if (!dtype.is_string() || !parseDtype(dtype.get<std::string>(), entry.dtype)) {
        return makeError(ErrorCode::UnsupportedFormat, "unknown dtype " + core::jsonText(dtype), name);
    }
    const nlohmann::json& shape = value["shape"];
    if (!shape.is_array()) {
        return makeError(ErrorCode::InvalidFormat, "shape is not an array", name);
    }
    for (const nlohmann::json& extent : shape) {
        if (!extent.is_number_integer() || extent.get<int64_t>() < 0) {
            return makeError(ErrorCode::InvalidFormat, "shape holds a value that is not a non-negative integer", name);
        }
        entry.shape.push_back(extent.get<int64_t>());
    }
    const nlohmann::json& offsets = value["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned()
        || !offsets[1].is_number_unsigned()) {
        return makeError(ErrorCode::InvalidFormat, "data_offsets is not a pair of non-negative integers", name);
    }
    entry.begin = offsets[0].get<uint64_t>();
    entry.end = offsets[1].get<uint64_t>();
    if (entry.begin > entry.end || entry.end > dataSize) {
        return makeError(ErrorCode::InvalidFormat,
            "data_offsets [" + std::to_string(entry.begin) + ", " + std::to_string(entry.end)
                + "] lie outside the data region of " + std::to_string(dataSize) + " bytes",
            name);
    }
    // A hostile header can name shapes whose product wraps around: the byte count is checked arithmetic.
    auto bytes = static_cast<uint64_t>(safetensorsDtypeSize(entry.dtype));
    bool fits = true;
    for (const int64_t extent : entry.shape) {
        const auto product = core::checkedProduct({ static_cast<int64_t>(bytes), extent });
        fits = product && *product <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
        if (!fits) {
            break;
        }
        bytes = *product;
    }
    if (!fits || bytes != entry.end - entry.begin) {
        return makeError(ErrorCode::InvalidFormat,
            "byte range of " + std::to_string(entry.end - entry.begin) + " bytes does not match the shape and dtype "
                + safetensorsDtypeName(entry.dtype),
            name);
    }
    return entry;
}

std::map<std::string, std::string> parseMetadata(const nlohmann::json& value)
{
    std::map<std::string, std::string> metadata;
    if (value.is_object()) {
        for (const auto& [key, item] : value.items()) {
            metadata[key] = item.is_string() ? item.get<std::string>() : core::jsonText(item);
        }
    }
    return metadata;
}

} // namespace

const char* safetensorsDtypeName(SafetensorsDtype dtype)
{
    for (const DtypeName& entry : kDtypes) {
        if (entry.dtype == dtype) {
            return entry.name;
        }
    }
    return "?";
}

int safetensorsDtypeSize(SafetensorsDtype dtype)
{
    for (const DtypeName& entry : kDtypes) {
        if (entry.dtype == dtype) {
            return entry.size;
        }
    }
    return 1;
}

struct SafetensorsFile::Impl {
    std::filesystem::path path;
    void* mapping = nullptr;
    size_t mappingSize = 0;
    const unsigned char* data = nullptr; // start of the data region
    uint64_t dataSize = 0;
    std::vector<SafetensorsEntry> entries;
    std::map<std::string, std::string> metadata;

    ~Impl()
    {
        if (mapping != nullptr) {
            munmap(mapping, mappingSize);
        }
    }

    Status map(const SafetensorsLimits& limits);
    Status parseHeader(const std::string& headerText);
};

Status SafetensorsFile::Impl::map(const SafetensorsLimits& limits)
{
    const std::string where = path.string();
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int error = errno;
        return makeError(error == ENOENT ? ErrorCode::NotFound : ErrorCode::Unreadable,
            std::string("cannot open: ") + std::strerror(error), where);
    }
    struct stat info { };
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return makeError(ErrorCode::Unreadable, "not a regular file", where);
    }
    const auto fileSize = static_cast<uint64_t>(info.st_size);
    if (fileSize < kLengthPrefixBytes) {
        ::close(fd);
        return makeError(ErrorCode::Truncated, "file is shorter than the 8-byte header length", where);
    }
    mappingSize = static_cast<size_t>(fileSize);
    mapping = mmap(nullptr, mappingSize, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping == MAP_FAILED) {
        mapping = nullptr;
        return makeError(ErrorCode::Unreadable, std::string("cannot map: ") + std::strerror(errno), where);
    }
    const auto* bytes = static_cast<const unsigned char*>(mapping);
    uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i) {
        headerSize = (headerSize << 8) | bytes[i]; // little-endian regardless of the host
    }
    if (headerSize > limits.maxHeaderBytes) {
        return makeError(
            ErrorCode::TooLarge, "header length " + std::to_string(headerSize) + " exceeds the limit", where);
    }
    if (headerSize > fileSize - kLengthPrefixBytes) {
        return makeError(ErrorCode::Truncated,
            "header length " + std::to_string(headerSize) + " goes beyond the end of the " + std::to_string(fileSize)
                + "-byte file",
            where);
    }
    data = bytes + kLengthPrefixBytes + headerSize;
    dataSize = fileSize - kLengthPrefixBytes - headerSize;
    return parseHeader(std::string(reinterpret_cast<const char*>(bytes + kLengthPrefixBytes), headerSize));
}

Status SafetensorsFile::Impl::parseHeader(const std::string& headerText)
{
    const std::string where = path.string();
    const nlohmann::json header = nlohmann::json::parse(headerText, nullptr, false);
    if (header.is_discarded() || !header.is_object()) {
        return makeError(ErrorCode::InvalidFormat, "header is not a JSON object", where);
    }
    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__") {
            metadata = parseMetadata(value);
            continue;
        }
        Result<SafetensorsEntry> entry = parseEntry(name, value, dataSize);
        if (!entry) {
            core::Error error = entry.error();
            error.context = where + " [" + error.context + "]";
            if (error.code == ErrorCode::InvalidFormat && error.message.find("outside") != std::string::npos) {
                error.message += "; the file may be truncated";
            }
            return error;
        }
        entries.push_back(std::move(entry).value());
    }
    std::sort(entries.begin(), entries.end(),
        [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.name < b.name; });
    return core::okStatus();
}

Result<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path, const SafetensorsLimits& limits)
{
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    if (Status status = impl->map(limits); !status) {
        return status.error();
    }
    return SafetensorsFile(std::move(impl));
}

SafetensorsFile::SafetensorsFile(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}
SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

const std::filesystem::path& SafetensorsFile::path() const
{
    return m_impl->path;
}
const std::vector<SafetensorsEntry>& SafetensorsFile::entries() const
{
    return m_impl->entries;
}
const std::map<std::string, std::string>& SafetensorsFile::metadata() const
{
    return m_impl->metadata;
}

const SafetensorsEntry* SafetensorsFile::find(const std::string& name) const
{
    const auto it = std::lower_bound(m_impl->entries.begin(), m_impl->entries.end(), name,
        [](const SafetensorsEntry& entry, const std::string& key) { return entry.name < key; });
    return it != m_impl->entries.end() && it->name == name ? &*it : nullptr;
}

std::string_view SafetensorsFile::bytes(const SafetensorsEntry& entry) const
{
    return { reinterpret_cast<const char*>(m_impl->data + entry.begin), static_cast<size_t>(entry.end - entry.begin) };
}

Status SafetensorsFile::readFloatInto(const SafetensorsEntry& entry, float* destination) const
{
    const unsigned char* source = m_impl->data + entry.begin;
    const auto count = static_cast<size_t>((entry.end - entry.begin) / safetensorsDtypeSize(entry.dtype));
    if (!convertToFloat(entry.dtype, source, count, destination)) {
        return makeError(ErrorCode::UnsupportedFormat,
            std::string("dtype ") + safetensorsDtypeName(entry.dtype)
                + " is not a floating-point type (expected F32, F16, BF16 or F64)",
            m_impl->path.string() + " [" + entry.name + "]");
    }
    return core::okStatus();
}

Result<FloatTensor> SafetensorsFile::readFloat(const std::string& name) const
{
    const SafetensorsEntry* entry = find(name);
    if (entry == nullptr) {
        return makeError(ErrorCode::NotFound, "no tensor named '" + name + "'", m_impl->path.string());
    }
    FloatTensor tensor = FloatTensor::zeros(entry->shape);
    if (Status status = readFloatInto(*entry, tensor.data.data()); !status) {
        return status.error();
    }
    return tensor;
}

Result<std::map<std::string, FloatTensor>> readSafetensors(const std::filesystem::path& path)
{
    Result<SafetensorsFile> file = SafetensorsFile::open(path);
    if (!file) {
        return file.error();
    }
    std::map<std::string, FloatTensor> tensors;
    for (const SafetensorsEntry& entry : file->entries()) {
        Result<FloatTensor> tensor = file->readFloat(entry.name);
        if (!tensor) {
            return tensor.error();
        }
        tensors.emplace(entry.name, std::move(tensor).value());
    }
    return tensors;
}

} // namespace dinolens::inference
