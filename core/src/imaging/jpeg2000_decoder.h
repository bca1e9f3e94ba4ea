#pragma once
// JPEG 2000 decoding through OpenJPEG, for the DICOM transfer syntaxes open-source DCMTK cannot decode.
// Private to core. Thread-safety: reentrant (one OpenJPEG codec per call).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core {

struct Jpeg2000Image {
    int width = 0;
    int height = 0;
    int components = 0;
    int precision = 0; // bits per sample of the first component
    bool isSigned = false; // sign of the first component, as the codestream declares it
    std::vector<std::int32_t> samples; // planar: component c at [c * width * height]
};

/// Decodes a J2K codestream or JP2 file held in memory. The header is read first and an image of more than
/// `maxSamples` samples (width * height * components) is refused before any pixel is decoded.
Result<Jpeg2000Image> decodeJpeg2000(
    const std::uint8_t* data, std::size_t size, std::size_t maxSamples, const std::string& context);

} // namespace dinolens::core
