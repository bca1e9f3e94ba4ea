// Atomic safetensors writer, through core::AtomicFile (temporary beside the target, fsync, rename, folder fsync).
#include "dinolens/inference/safetensors.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "dinolens/core/atomic_file.h"
#include "dinolens/core/json_text.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Status;

namespace {

std::string buildHeader(
    const std::map<std::string, SafetensorsRawTensor>& tensors, const std::map<std::string, std::string>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) {
        header["__metadata__"] = metadata;
    }
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        const uint64_t bytes = tensor.bytes.size();
        header[name] = { { "dtype", safetensorsDtypeName(tensor.dtype) }, { "shape", tensor.shape },
            { "data_offsets", { offset, offset + bytes } } };
        offset += bytes;
    }
    std::string text = core::jsonText(header);
    // Padding keeps the data region 8-byte aligned for readers that map it straight into typed arrays.
    while ((text.size() + 8) % 8 != 0) {
        text.push_back(' ');
    }
    return text;
}

} // namespace

Status writeSafetensorsRaw(const std::filesystem::path& path,
    const std::map<std::string, SafetensorsRawTensor>& tensors, const std::map<std::string, std::string>& metadata)
{
    for (const auto& [name, tensor] : tensors) {
        const bool shapeValid = std::all_of(tensor.shape.begin(), tensor.shape.end(), [](int64_t d) { return d >= 0; });
        if (name.empty() || name == "__metadata__" || !shapeValid
            || static_cast<uint64_t>(shapeNumel(tensor.shape))
                    * static_cast<uint64_t>(safetensorsDtypeSize(tensor.dtype))
                != tensor.bytes.size()) {
            return makeError(ErrorCode::InvalidArgument,
                "tensor has an empty or reserved name, or bytes that do not match its shape and dtype", name);
        }
    }
    const std::string header = buildHeader(tensors, metadata);
    auto file = core::AtomicFile::create(path);
    if (!file) {
        return file.error();
    }
    unsigned char prefix[8];
    uint64_t length = header.size();
    for (unsigned char& byte : prefix) {
        byte = static_cast<unsigned char>(length & 0xffu);
        length >>= 8;
    }
    core::Status written = file->write(prefix, sizeof(prefix));
    written = written ? file->write(header) : written;
    for (auto it = tensors.begin(); written && it != tensors.end(); ++it) {
        written = file->write(it->second.bytes.data(), it->second.bytes.size());
    }
    return written ? file->commit() : written;
}

Status writeSafetensors(const std::filesystem::path& path, const std::map<std::string, FloatTensor>& tensors,
    const std::map<std::string, std::string>& metadata)
{
    std::map<std::string, SafetensorsRawTensor> raw;
    for (const auto& [name, tensor] : tensors) {
        if (!tensor.consistent()) {
            return makeError(
                ErrorCode::InvalidArgument, "tensor data does not match its shape " + tensor.shapeString(), name);
        }
        raw[name] = { SafetensorsDtype::F32, tensor.shape,
            std::string_view(reinterpret_cast<const char*>(tensor.data.data()), tensor.data.size() * sizeof(float)) };
    }
    return writeSafetensorsRaw(path, raw, metadata);
}

} // namespace dinolens::inference
