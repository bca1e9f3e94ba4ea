#pragma once
// Private to core: the table of functions libdinolens_image_codecs.so (module/opencv_image_codecs.cpp) hands to
// the loader in image_codecs.cpp. Both sides are built together from this header; kImageCodecsAbi changes with
// any change of the table, and the loader refuses a module of another version.

#include <cstddef>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace dinolens::core {

inline constexpr int kImageCodecsAbi = 1;
inline constexpr const char* kImageCodecsEntry = "dinolens_image_codecs_table";
inline constexpr const char* kImageCodecsModuleName = "libdinolens_image_codecs.so";

struct ImageCodecTable {
    int abi = kImageCodecsAbi;
    // cv::imdecode. False with `message` set when OpenCV threw; an empty `image` when it could not decode.
    bool (*decode)(const unsigned char* data, std::size_t size, int flags, cv::Mat& image, std::string& message);
    // cv::imencode for `extension` (".png", ".jpg", ...). False with `message` set when it cannot.
    bool (*encode)(
        const char* extension, const cv::Mat& image, std::vector<unsigned char>& bytes, std::string& message);
};

} // namespace dinolens::core

/// The module's one exported symbol (kImageCodecsEntry).
extern "C" const dinolens::core::ImageCodecTable* dinolens_image_codecs_table();
