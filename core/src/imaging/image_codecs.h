#pragma once
// OpenCV's image decoders and encoders (imgcodecs) load some 140 shared libraries, GDAL and HDF5 among them. They
// live in a module of their own, libdinolens_image_codecs.so, loaded on the first image a program decodes or
// encodes, so that a program that never reads a PNG, JPEG, BMP or TIFF (dinolens-cli info on DICOM) never loads
// them. The module is looked for where the package installs it (<lib>/dinolens beside the programs' prefix), then
// where the build tree has it. Private to core. Thread-safety: reentrant; the module is loaded once per process.

#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "dinolens/core/result.h"

namespace dinolens::core {

/// cv::imdecode with `flags`. Errors name `context`: InvalidFormat when OpenCV cannot decode the bytes, Internal
/// when the module is missing or of another version.
Result<cv::Mat> decodeImageBytes(const std::vector<unsigned char>& bytes, int flags, const std::string& context);

/// cv::imencode for `extension` (".png", ".jpg"). Errors name `context`.
Result<std::vector<unsigned char>> encodeImageBytes(
    const std::string& extension, const cv::Mat& image, const std::string& context);

} // namespace dinolens::core
