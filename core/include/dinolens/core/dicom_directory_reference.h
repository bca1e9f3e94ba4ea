#pragma once
// Where a DICOMDIR record's ReferencedFileID points, kept inside the DICOMDIR's own folder: a DICOMDIR is input
// like any other and must not make the viewer, the CLI or the server read a file elsewhere on the disk.
// Thread-safety: reentrant (reads the file system).

#include <filesystem>
#include <string_view>

#include "dinolens/core/result.h"

namespace dinolens::core {

/// Resolves `fileId` (ISO 9660 components separated by backslashes, as PS3.10 stores them; upper-case IDs also
/// match lower-cased copies) against `folder`. Refused with InvalidFormat, whose message says why: an empty ID or
/// component, an absolute path, "." or "..", a slash or NUL inside a component, or a target that (symbolic links
/// followed) lies outside `folder`. A target that does not exist is returned, so a scan can report it missing.
Result<std::filesystem::path> resolveDicomDirectoryReference(
    const std::filesystem::path& folder, std::string_view fileId);

} // namespace dinolens::core
