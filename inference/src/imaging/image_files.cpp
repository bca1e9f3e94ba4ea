// Image files in and out of the engine: decoding through core's readers (DICOM through DCMTK, other formats through
// OpenCV) and PNG/JPEG encoding through OpenCV. Part of the imaging build (DINOLENS_WITH_IMAGING).
#include <opencv2/imgproc.hpp>

#include "dinolens/core/atomic_file.h"
#include "dinolens/core/picture_encoding.h"
#include "dinolens/core/picture_reader.h"
#include "dinolens/inference/preprocess.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "training_data.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;
using core::Result;

Result<RgbImage> loadRgbImage(const std::filesystem::path& path)
{
    // core decides the format by content: DICOM goes through DCMTK, never OpenCV.
    auto picture = core::readRgbPicture(path);
    if (!picture) {
        return picture.error();
    }
    RgbImage image;
    image.width = picture->width;
    image.height = picture->height;
    image.pixels = std::move(picture->pixels);
    return image;
}

core::Status saveRgbImage(const std::filesystem::path& path, const RgbImage& image)
{
    if (image.width < 1 || image.height < 1
        || image.pixels.size() != static_cast<size_t>(image.width * image.height * 3)) {
        return makeError(ErrorCode::InvalidArgument, "image buffer does not match its size", path.string());
    }
    const auto bytes = core::encodePicture(
        { image.pixels.data(), static_cast<int>(image.width), static_cast<int>(image.height), core::PixelOrder::Rgb },
        path.extension().string(), path.string());
    if (!bytes) {
        return makeError(ErrorCode::Unwritable, bytes.error().message, path.string());
    }
    return core::writeFileAtomically(
        path, std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

Result<SlicePrediction> SegmentationPredictor::predictFile(const std::filesystem::path& image) const
{
    auto rgb = loadRgbImage(image);
    if (!rgb) {
        return rgb.error();
    }
    std::vector<uint8_t> grey(static_cast<size_t>(rgb->width * rgb->height));
    for (size_t i = 0; i < grey.size(); ++i) {
        grey[i] = rgb->pixels[3 * i];
    }
    return predict(grey.data(), static_cast<int>(rgb->width), static_cast<int>(rgb->height));
}

namespace detail {

core::Result<std::vector<float>> loadGreyImage(const std::string& path, int side)
{
    auto image = loadRgbImage(path);
    if (!image) {
        return image.error();
    }
    std::vector<uint8_t> first(static_cast<size_t>(image->width * image->height));
    for (size_t i = 0; i < first.size(); ++i) {
        first[i] = image->pixels[3 * i];
    }
    return greyAtResolution(first.data(), static_cast<int>(image->width), static_cast<int>(image->height), side);
}

} // namespace detail

} // namespace dinolens::inference
