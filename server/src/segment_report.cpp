#include "segment_report.h"

#include <opencv2/imgproc.hpp>

#include "dinolens/core/picture_encoding.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/inference/feature_maps.h"

namespace dinolens::server {
namespace {

nlohmann::json contoursOf(const cv::Mat& binary)
{
    std::vector<std::vector<cv::Point>> contours;
    cv::Mat copy = binary.clone();
    cv::findContours(copy, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    nlohmann::json polygons = nlohmann::json::array();
    for (const auto& contour : contours) {
        nlohmann::json polygon = nlohmann::json::array();
        for (const cv::Point& point : contour) {
            polygon.push_back({ point.x, point.y });
        }
        polygons.push_back(std::move(polygon));
    }
    return polygons;
}

std::string pngOf(const inference::RgbImage& image)
{
    return base64Encode(
        encodePng(image.pixels.data(), static_cast<int>(image.width), static_cast<int>(image.height), 3));
}

nlohmann::json featureMaps(const inference::FloatTensor& grid, const FeatureMapQuery& query)
{
    nlohmann::json maps;
    if (grid.dim() != 3) {
        return maps;
    }
    const int64_t rows = grid.size(0);
    const int64_t columns = grid.size(1);
    const int64_t row = query.row >= 0 ? std::min<int64_t>(query.row, rows - 1) : rows / 2;
    const int64_t column = query.column >= 0 ? std::min<int64_t>(query.column, columns - 1) : columns / 2;
    constexpr int64_t kPatchPixels = 8; // each patch drawn as 8 x 8 pixels
    maps["grid"] = { rows, columns };
    if (auto projection = inference::fitPca({ grid })) {
        if (auto rgb = inference::pcaToRgb(grid, *projection)) {
            maps["pca_png"] = pngOf(inference::upscaleNearest(*rgb, kPatchPixels));
        }
    }
    if (auto similarity = inference::cosineSimilarityMap(grid, row, column)) {
        maps["similarity_query"] = { row, column };
        maps["similarity_png"]
            = pngOf(inference::upscaleNearest(inference::colourMap(*similarity, -1.0f, 1.0f), kPatchPixels));
    }
    return maps;
}

} // namespace

std::string base64Encode(const std::string& bytes)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned value = (static_cast<unsigned char>(bytes[i]) << 16)
            | (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(value >> 18) & 63];
        out += kAlphabet[(value >> 12) & 63];
        out += kAlphabet[(value >> 6) & 63];
        out += kAlphabet[value & 63];
    }
    if (i < bytes.size()) {
        unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) {
            value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        }
        out += kAlphabet[(value >> 18) & 63];
        out += kAlphabet[(value >> 12) & 63];
        out += i + 1 < bytes.size() ? kAlphabet[(value >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string encodePng(const std::uint8_t* pixels, int width, int height, int channels)
{
    const auto png = core::encodePicture(
        { pixels, width, height, channels == 3 ? core::PixelOrder::Rgb : core::PixelOrder::Grey }, ".png");
    return png ? std::string(png->begin(), png->end()) : std::string();
}

nlohmann::json classReport(const core::LabelMask& mask, const std::array<float, 4>& confidence,
    const std::optional<std::array<double, 2>>& spacingMm)
{
    nlohmann::json classes = nlohmann::json::array();
    const cv::Mat labels(mask.height(), mask.width(), CV_8UC1, const_cast<std::uint8_t*>(mask.labels.data()));
    for (int id = 1; id <= 3; ++id) {
        cv::Mat binary = (labels == id); // 255 inside, 0 outside
        const int area = cv::countNonZero(binary);
        nlohmann::json entry = { { "id", id }, { "name", core::tumorClassName(id) }, { "area_px", area } };
        entry["area_mm2"] = spacingMm ? nlohmann::json(area * (*spacingMm)[0] * (*spacingMm)[1]) : nlohmann::json();
        entry["confidence"] = confidence[static_cast<size_t>(id)];
        entry["mask_png"] = base64Encode(encodePng(binary.data, binary.cols, binary.rows, 1));
        entry["contours"] = area > 0 ? contoursOf(binary) : nlohmann::json::array();
        classes.push_back(std::move(entry));
    }
    return classes;
}

nlohmann::json segmentReport(const inference::SlicePrediction& prediction,
    const std::optional<std::array<double, 2>>& spacingMm, const FeatureMapQuery& features)
{
    const core::LabelMask& mask = prediction.mask;
    nlohmann::json report;
    report["width"] = mask.width();
    report["height"] = mask.height();
    report["spacing_mm"] = spacingMm ? nlohmann::json { (*spacingMm)[0], (*spacingMm)[1] } : nlohmann::json();
    report["label_png"] = base64Encode(encodePng(mask.labels.data(), mask.width(), mask.height(), 1));
    report["classes"] = classReport(mask, prediction.classConfidence, spacingMm);
    int dominant = 0;
    int64_t largest = 0;
    for (const auto& entry : report["classes"]) {
        if (entry["area_px"].get<int64_t>() > largest) {
            largest = entry["area_px"].get<int64_t>();
            dominant = entry["id"].get<int>();
        }
    }
    report["tumor_class"] = dominant == 0 ? "none" : core::tumorClassName(dominant);
    report["confidence"] = prediction.classConfidence[static_cast<size_t>(dominant)];
    report["tumour_present"] = prediction.tumorPresent;
    report["tumour_probability"] = prediction.tumorProbability;
    if (features.enabled) {
        report["feature_maps"] = featureMaps(prediction.patchGrid, features);
    }
    return report;
}

} // namespace dinolens::server
