// Atomic safetensors writer, through core::AtomicFile (temporary beside the target, fsync, rename, folder fsync).
#include "dinolens/inference/safetensors.h"

#include <nlohmann/json.hpp>

#include "dinolens/core/atomic_file.h"
#include "dinolens/core/json_text.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Status;

namespace {

std::string buildHeader(
    const std::map<std::string, FloatTensor>& tensors, const std::map<std::string, std::string>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) {
        header["__metadata__"] = metadata;
    }
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        const uint64_t bytes = tensor.data.size() * sizeof(float);
        header[name]
            = { { "dtype", "F32" }, { "shape", tensor.shape }, { "data_offsets", { offset, offset + bytes } } };
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

Status writeSafetensors(const std::filesystem::path& path, const std::map<std::string, FloatTensor>& tensors,
    const std::map<std::string, std::string>& metadata)
{
    for (const auto& [name, tensor] : tensors) {
        if (name.empty() || name == "__metadata__" || !tensor.consistent()) {
            return makeError(ErrorCode::InvalidArgument,
                "tensor has an empty or reserved name, or data that does not match its shape " + tensor.shapeString(),
                name);
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
        written = file->write(it->second.data.data(), it->second.data.size() * sizeof(float));
    }
    return written ? file->commit() : written;
}

} // namespace dinolens::inference
