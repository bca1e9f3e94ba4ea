#include "dinolens/core/data_location.h"

#include <cstdlib>
#include <system_error>

#ifndef DINOLENS_DEFAULT_DATA
#define DINOLENS_DEFAULT_DATA "../shared/data"
#endif

namespace dinolens::core {

std::filesystem::path dataRoot()
{
    if (const char* env = std::getenv("DINOLENS_DATA"); env != nullptr && *env != '\0') {
        return env;
    }
    return DINOLENS_DEFAULT_DATA;
}

std::optional<std::filesystem::path> findData(const std::filesystem::path& relative)
{
    std::error_code ec;
    const auto path = dataRoot() / relative;
    if (std::filesystem::exists(path, ec)) {
        return path;
    }
    return std::nullopt;
}

} // namespace dinolens::core
