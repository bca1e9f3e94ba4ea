// libdinolens_image_codecs.so: OpenCV's imgcodecs behind the table of image_codec_table.h. Loaded by
// image_codecs.cpp on the first image a program decodes or encodes; it exports nothing else.
#include <limits>

#include <opencv2/imgcodecs.hpp>

#include "../image_codec_table.h"

namespace {

bool decode(const unsigned char* data, std::size_t size, int flags, cv::Mat& image, std::string& message)
{
    if (size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        message = "the image file is larger than OpenCV's decoders accept";
        return false;
    }
    try {
        image = cv::imdecode(cv::Mat(1, static_cast<int>(size), CV_8UC1, const_cast<unsigned char*>(data)), flags);
        return true;
    } catch (const cv::Exception& error) {
        message = error.what();
        return false;
    }
}

bool encode(const char* extension, const cv::Mat& image, std::vector<unsigned char>& bytes, std::string& message)
{
    try {
        if (cv::imencode(extension, image, bytes)) {
            return true;
        }
        message = std::string("OpenCV cannot encode ") + extension;
    } catch (const cv::Exception& error) {
        message = error.what();
    }
    return false;
}

const dinolens::core::ImageCodecTable kTable { dinolens::core::kImageCodecsAbi, &decode, &encode };

} // namespace

extern "C" __attribute__((visibility("default"))) const dinolens::core::ImageCodecTable* dinolens_image_codecs_table()
{
    return &kTable;
}
