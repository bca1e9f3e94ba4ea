#include "dinolens/core/image_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <fstream>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_decoding.h"

namespace dinolens::core {
namespace {

std::string lowerExtension(const std::filesystem::path& path)
{
    std::string ext = path.extension().string();
    std::transform(
        ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

} // namespace

bool hasImageExtension(const std::filesystem::path& path)
{
    static const char* const kExtensions[] = { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff" };
    const std::string ext = lowerExtension(path);
    return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ext == e; });
}

Result<SeriesInfo> describeImage(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return makeError(ErrorCode::NotFound, "file does not exist", path.string());
    }
    SeriesInfo series;
    series.kind = SourceKind::Image;
    series.seriesInstanceUid = path.string();
    series.modality = "OT";
    series.description = path.filename().string();
    InstanceInfo instance;
    instance.path = path.string();
    instance.transferSyntaxName = lowerExtension(path).substr(1);
    series.instances.push_back(instance);
    return series;
}

Result<Volume> loadImage(const std::filesystem::path& path, const VolumeLoadOptions& options)
{
    auto decoded = decodeImageFile(path, cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR, options.maxBytes);
    if (!decoded) {
        return decoded.error();
    }
    cv::Mat image = *decoded;
    if (image.channels() == 3) {
        cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);
    } else if (image.channels() == 4) {
        cv::cvtColor(image, image, cv::COLOR_BGRA2GRAY);
    }
    Volume volume;
    switch (image.depth()) {
    case CV_8U:
    case CV_16U:
        volume.pixelType = PixelType::UInt16;
        image.convertTo(image, CV_16U);
        break;
    case CV_8S:
    case CV_16S:
        volume.pixelType = PixelType::Int16;
        image.convertTo(image, CV_16S);
        break;
    default:
        volume.pixelType = PixelType::Float32;
        image.convertTo(image, CV_32F);
        break;
    }
    volume.dims = { image.cols, image.rows, 1 };
    if (!allocateVoxels(volume, options.maxBytes)) {
        return makeError(ErrorCode::TooLarge, "image exceeds the memory limit", path.string());
    }
    const std::size_t rowBytes = static_cast<std::size_t>(image.cols) * bytesPerVoxel(volume.pixelType);
    for (int r = 0; r < image.rows; ++r) {
        std::memcpy(volume.voxels.data() + static_cast<std::size_t>(r) * rowBytes, image.ptr(r), rowBytes);
    }
    volume.slices.push_back({ path.string(), {}, 1, 0, Vec3 { 0.0, 0.0, 0.0 } });
    return volume;
}

} // namespace dinolens::core
