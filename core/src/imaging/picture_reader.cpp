#include "dinolens/core/picture_reader.h"

#include <cstring>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "dicom_file.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/core/windowing.h"
#include "image_decoding.h"

namespace dinolens::core {
namespace {

Result<cv::Mat> dicomMiddleSlice(const std::filesystem::path& path, std::size_t maxBytes)
{
    VolumeLoadOptions options;
    options.maxBytes = maxBytes;
    auto volume = loadVolume(path, options);
    if (!volume) {
        return volume.error();
    }
    const int k = volume->dims[2] / 2;
    auto grey = windowSlice(*volume, k, defaultWindow(*volume));
    if (!grey) {
        return grey.error();
    }
    cv::Mat image(volume->dims[1], volume->dims[0], CV_8UC1);
    std::memcpy(image.data, grey->data(), grey->size());
    return image;
}

// DICOM by content; everything else through the checked OpenCV path, as `flags` asks.
Result<cv::Mat> readPicture(const std::filesystem::path& path, int flags, std::size_t maxBytes)
{
    if (dicom::looksLikeDicom(path.string())) {
        return dicomMiddleSlice(path, maxBytes);
    }
    return decodeImageFile(path, flags, maxBytes);
}

} // namespace

Result<RgbPicture> readRgbPicture(const std::filesystem::path& path, std::size_t maxBytes)
{
    auto image = readPicture(path, cv::IMREAD_COLOR, maxBytes);
    if (!image) {
        return image.error();
    }
    cv::Mat rgb;
    cv::cvtColor(*image, rgb, image->channels() == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_BGR2RGB);
    RgbPicture out;
    out.width = rgb.cols;
    out.height = rgb.rows;
    out.pixels.resize(static_cast<std::size_t>(rgb.cols) * static_cast<std::size_t>(rgb.rows) * 3);
    const std::size_t rowBytes = static_cast<std::size_t>(rgb.cols) * 3;
    for (int y = 0; y < rgb.rows; ++y) {
        std::memcpy(out.pixels.data() + static_cast<std::size_t>(y) * rowBytes, rgb.ptr(y), rowBytes);
    }
    return out;
}

Result<std::vector<std::uint8_t>> readGreyPicture(
    const std::filesystem::path& path, int& width, int& height, std::size_t maxBytes)
{
    auto image = readPicture(path, cv::IMREAD_GRAYSCALE, maxBytes);
    if (!image) {
        return image.error();
    }
    width = image->cols;
    height = image->rows;
    std::vector<std::uint8_t> out(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        std::memcpy(out.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width), image->ptr(y),
            static_cast<std::size_t>(width));
    }
    return out;
}

} // namespace dinolens::core
