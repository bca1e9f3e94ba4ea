#pragma once
// The readers take paths, as the viewer and the CLI use them; each fuzz input is written to a per-process file.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

inline std::filesystem::path writeFuzzInput(const std::uint8_t* data, std::size_t size, const std::string& extension)
{
    const auto path
        = std::filesystem::temp_directory_path() / ("dinolens-fuzz-" + std::to_string(::getpid()) + extension);
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}
