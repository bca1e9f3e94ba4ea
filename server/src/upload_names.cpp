#include "upload_names.h"

#include <algorithm>

namespace dinolens::server {
namespace {

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    if (from.empty()) {
        return;
    }
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

} // namespace

UploadNames::UploadNames(std::filesystem::path folder)
    : m_folder(std::move(folder))
{
}

void UploadNames::add(const std::filesystem::path& file, std::string label)
{
    m_labels.emplace_back(file.string(), std::move(label));
    // Longest first, so that a path is replaced before a path it begins with.
    std::sort(
        m_labels.begin(), m_labels.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

std::string UploadNames::clientText(std::string text) const
{
    for (const auto& [path, label] : m_labels) {
        replaceAll(text, path, label);
    }
    replaceAll(text, m_folder.string(), "the upload");
    replaceAll(text, m_folder.parent_path().string(), "the server");
    return text;
}

HttpError UploadNames::httpError(const core::Error& error) const
{
    HttpError answer = httpErrorFrom(error);
    answer.message = clientText(answer.message);
    return answer;
}

std::string partLabel(int number)
{
    return "part " + std::to_string(number) + " of the upload";
}

} // namespace dinolens::server
