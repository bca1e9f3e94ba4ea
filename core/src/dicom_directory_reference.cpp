#include "dinolens/core/dicom_directory_reference.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace dinolens::core {
namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

Error refused(const std::string& why, std::string_view fileId)
{
    return makeError(ErrorCode::InvalidFormat,
        "references a file outside the DICOMDIR's folder (" + why + "): \"" + std::string(fileId) + "\"");
}

// True when `target` (canonical, symbolic links followed as far as it exists) lies inside `base`.
bool isInside(const std::filesystem::path& base, const std::filesystem::path& target)
{
    const auto relative = target.lexically_relative(base);
    return !relative.empty() && *relative.begin() != ".." && !relative.is_absolute();
}

} // namespace

Result<std::filesystem::path> resolveDicomDirectoryReference(
    const std::filesystem::path& folder, std::string_view fileId)
{
    // Values are padded with spaces; trailing and leading ones are not part of the ID.
    const auto first = fileId.find_first_not_of(' ');
    if (first == std::string_view::npos) {
        return refused("empty file ID", fileId);
    }
    const auto trimmed = fileId.substr(first, fileId.find_last_not_of(' ') - first + 1);
    if (trimmed.front() == '/' || trimmed.front() == '\\') {
        return refused("absolute path", fileId);
    }
    std::vector<std::string> components;
    std::string component;
    for (std::size_t i = 0; i <= trimmed.size(); ++i) {
        if (i < trimmed.size() && trimmed[i] != '\\') {
            if (trimmed[i] != ' ') { // padding inside IDs written by some media creators
                component += trimmed[i];
            }
            continue;
        }
        if (component.empty()) {
            return refused(i == 0 ? "absolute path" : "empty component", fileId);
        }
        if (component == "." || component == "..") {
            return refused("\"" + component + "\" component", fileId);
        }
        if (component.find_first_of(std::string_view("/\0", 2)) != std::string::npos) {
            return refused("path separator inside a component", fileId);
        }
        components.push_back(std::move(component));
        component.clear();
    }
    std::filesystem::path exact = folder;
    std::filesystem::path lowered = folder;
    for (const auto& c : components) {
        exact /= c;
        lowered /= lower(c);
    }
    std::error_code ec;
    // ReferencedFileID components are upper-case ISO 9660 names; copied media often arrive lower-cased.
    const auto& chosen = !std::filesystem::exists(exact, ec) && std::filesystem::exists(lowered, ec) ? lowered : exact;
    const auto base = std::filesystem::weakly_canonical(folder.empty() ? "." : folder, ec);
    if (ec) {
        return makeError(
            ErrorCode::Unreadable, "cannot resolve the DICOMDIR's folder: " + ec.message(), folder.string());
    }
    const auto target = std::filesystem::weakly_canonical(chosen, ec);
    if (ec || !isInside(base, target)) {
        return refused("a symbolic link leads out", fileId);
    }
    return chosen;
}

} // namespace dinolens::core
