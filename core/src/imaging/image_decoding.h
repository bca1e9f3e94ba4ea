#pragma once
// The one place core hands a file to OpenCV's decoders: only PNG, JPEG, BMP and TIFF content (checked by magic
// bytes, never by name, so a DICOM file never reaches OpenCV's GDCM reader), and only after the sides the header
// declares have been checked against the memory limit. Private to core. Thread-safety: reentrant.

#include <cstddef>
#include <filesystem>

#include <opencv2/core/mat.hpp>

#include "dinolens/core/result.h"

namespace dinolens::core {

/// Decodes with cv::imdecode `flags`. Errors name the file: NotFound, Unreadable, TooLarge (the file or its
/// declared sides exceed `maxBytes`), InvalidFormat, Truncated.
Result<cv::Mat> decodeImageFile(const std::filesystem::path& path, int flags, std::size_t maxBytes);

} // namespace dinolens::core
