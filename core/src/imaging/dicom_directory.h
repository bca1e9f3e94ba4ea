#pragma once
// DICOMDIR (PS3.10 media directory) reading. Private to core.

#include <filesystem>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core::dicom {

/// True for a file named DICOMDIR or whose meta header says Media Storage Directory Storage.
bool isDicomDirectory(const std::filesystem::path& path);

/// The files a DICOMDIR references (ReferencedFileID of every record), resolved against its folder. Files that
/// do not exist are still returned, so the scan reports them as missing.
Result<std::vector<std::filesystem::path>> readDicomDirectory(const std::filesystem::path& path);

} // namespace dinolens::core::dicom
