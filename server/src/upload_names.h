#pragma once
// Private: what a client may be told about the files the server stored its upload in. Errors from core name the
// file they concern (its path on the server); answers name the upload's part instead ("part 3 of the upload",
// "the request body"), so that no answer reveals the server's folders. Thread-safety: value type.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "dinolens/core/result.h"
#include "http_error.h"

namespace dinolens::server {

class UploadNames {
public:
    /// `folder`: the request's own scratch folder; any other path under it is called "the upload".
    explicit UploadNames(std::filesystem::path folder);

    /// `file` (under the folder) is called `label` in answers.
    void add(const std::filesystem::path& file, std::string label);
    /// `text` with every stored path replaced by its label, and the scratch folder by "the upload".
    std::string clientText(std::string text) const;
    /// A core error as an HTTP error (see httpErrorFrom) whose message names no server path.
    HttpError httpError(const core::Error& error) const;

private:
    std::filesystem::path m_folder;
    std::vector<std::pair<std::string, std::string>> m_labels; // path, label
};

/// "part N of the upload" (N from 1, in the order the parts were sent).
std::string partLabel(int number);

} // namespace dinolens::server
