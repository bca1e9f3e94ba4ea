// Atomic safetensors writer: temp file in the target folder, flushed with fsync, then rename(2), which replaces
// the target in one step on POSIX file systems.
#include "dinolens/inference/safetensors.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Status;

namespace {

std::string buildHeader(const std::map<std::string, FloatTensor>& tensors,
                        const std::map<std::string, std::string>& metadata)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) {
        header["__metadata__"] = metadata;
    }
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        const uint64_t bytes = tensor.data.size() * sizeof(float);
        header[name] = {{"dtype", "F32"}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    // Padding keeps the data region 8-byte aligned for readers that map it straight into typed arrays.
    while ((text.size() + 8) % 8 != 0) {
        text.push_back(' ');
    }
    return text;
}

bool writeAll(int fd, const void* buffer, size_t size)
{
    const auto* bytes = static_cast<const char*>(buffer);
    while (size > 0) {
        const ssize_t written = ::write(fd, bytes, size);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        bytes += written;
        size -= static_cast<size_t>(written);
    }
    return true;
}

}  // namespace

Status writeSafetensors(const std::filesystem::path& path, const std::map<std::string, FloatTensor>& tensors,
                        const std::map<std::string, std::string>& metadata)
{
    for (const auto& [name, tensor] : tensors) {
        if (name.empty() || name == "__metadata__" || !tensor.consistent()) {
            return makeError(ErrorCode::InvalidArgument,
                             "tensor has an empty or reserved name, or data that does not match its shape " +
                                 tensor.shapeString(),
                             name);
        }
    }
    const std::string header = buildHeader(tensors, metadata);
    const std::filesystem::path temporary = path.string() + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return makeError(ErrorCode::Unwritable, std::string("cannot create: ") + std::strerror(errno),
                         temporary.string());
    }
    unsigned char prefix[8];
    uint64_t length = header.size();
    for (unsigned char& byte : prefix) {
        byte = static_cast<unsigned char>(length & 0xffu);
        length >>= 8;
    }
    bool ok = writeAll(fd, prefix, sizeof(prefix)) && writeAll(fd, header.data(), header.size());
    for (auto it = tensors.begin(); ok && it != tensors.end(); ++it) {
        ok = writeAll(fd, it->second.data.data(), it->second.data.size() * sizeof(float));
    }
    ok = ok && ::fsync(fd) == 0;
    const int writeError = errno;
    ok = (::close(fd) == 0) && ok;
    if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = ok ? errno : writeError;
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        return makeError(ErrorCode::Unwritable, std::string("cannot write: ") + std::strerror(error), path.string());
    }
    return core::okStatus();
}

}  // namespace dinolens::inference
