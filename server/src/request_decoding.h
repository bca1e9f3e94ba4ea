#pragma once
// Private: request bodies -> 8-bit grey slices. The bytes go to the request's own temporary folder and through
// core's hardened readers (image_reader / DICOM / study_reader), which refuse huge headers before allocating and
// report truncated or corrupt files; the folder is removed afterwards. Uploaded DICOMDIRs are refused before
// anything reads them (upload_screening.h), and errors name the upload's part, never a server path.
// Thread-safety: reentrant.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "http_error.h"

namespace dinolens::server {

struct DecodeLimits {
    int maxImageSide = 4096;
    int maxSlices = 512;
};

struct DecodedSlice {
    std::vector<std::uint8_t> grey; // width * height, row-major
    int width = 0;
    int height = 0;
    std::optional<std::array<double, 2>> spacingMm; // column, row spacing when the source states it (DICOM)
};

/// Which reader a Content-Type selects: ".png", ".jpg", ".dcm", or nothing (unsupported). Parameters such as
/// "; charset=..." are ignored.
std::optional<std::string> extensionForContentType(const std::string& contentType);

/// Decodes one image (PNG, JPEG, or a single-frame DICOM instance) of the given Content-Type.
/// Errors are already HTTP errors (400 invalid, 413 too large, 415 unsupported, 422 not a single slice).
/// `label` names the bytes in errors ("the request body", "part 2 of the upload").
HttpResult<DecodedSlice> decodeSlice(const std::filesystem::path& scratch, const std::string& bytes,
    const std::string& label, const std::string& contentType, const DecodeLimits& limits);

/// A whole DICOM series from its instances (one file each): the largest series found, as a volume.
struct UploadedFile {
    std::string bytes;
    std::string label; // as for decodeSlice
};
HttpResult<core::Volume> decodeSeries(
    const std::filesystem::path& scratch, const std::vector<UploadedFile>& files, const DecodeLimits& limits);

/// Slice k of a volume as 8-bit grey (the source's window, else the automatic MRI window).
std::vector<std::uint8_t> greySlice(const core::Volume& volume, int k, const core::WindowLevel& window);

} // namespace dinolens::server
