#include "upload_screening.h"

namespace dinolens::server {

bool looksLikeDicomDirectory(std::string_view bytes)
{
    return bytes.find("1.2.840.10008.1.3.10") != std::string_view::npos;
}

bool isInsideFolder(const std::filesystem::path& folder, const std::filesystem::path& path)
{
    std::error_code error;
    const auto root = std::filesystem::weakly_canonical(folder, error);
    if (error) {
        return false;
    }
    const auto resolved = std::filesystem::weakly_canonical(path, error);
    if (error) {
        return false;
    }
    const auto relative = resolved.lexically_relative(root);
    return !relative.empty() && *relative.begin() != ".." && !relative.is_absolute();
}

} // namespace dinolens::server
