#include "response_parsing.h"

#include <nlohmann/json.hpp>

namespace dinolens::client::detail {
namespace {

using core::ErrorCode;
using core::makeError;

int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

ClassResult parseClass(const nlohmann::json& entry)
{
    ClassResult result;
    result.id = entry.at("id").get<int>();
    result.name = entry.at("name").get<std::string>();
    result.areaPixels = entry.at("area_px").get<int64_t>();
    if (entry.contains("area_mm2") && entry["area_mm2"].is_number()) {
        result.areaMm2 = entry["area_mm2"].get<double>();
    }
    result.confidence = entry.at("confidence").get<double>();
    result.maskPng = base64Decode(entry.at("mask_png").get<std::string>());
    for (const auto& polygon : entry.at("contours")) {
        std::vector<std::pair<int, int>> points;
        for (const auto& point : polygon) {
            points.emplace_back(point.at(0).get<int>(), point.at(1).get<int>());
        }
        result.contours.push_back(std::move(points));
    }
    return result;
}

} // namespace

std::string base64Decode(const std::string& text)
{
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int value = base64Value(c);
        if (value < 0) {
            continue; // padding and line breaks
        }
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFFu);
        }
    }
    return out;
}

std::string errorMessage(const std::string& body)
{
    try {
        const auto json = nlohmann::json::parse(body);
        return json.at("error").at("code").get<std::string>() + ": "
            + json.at("error").at("message").get<std::string>();
    } catch (const std::exception&) {
        return body.substr(0, 200);
    }
}

core::Result<SegmentResult> parseSegmentResult(const std::string& body)
{
    try {
        const auto json = nlohmann::json::parse(body);
        SegmentResult result;
        result.model = json.at("model").get<std::string>();
        result.width = json.at("width").get<int>();
        result.height = json.at("height").get<int>();
        result.labelPng = base64Decode(json.at("label_png").get<std::string>());
        result.tumorClass = json.at("tumor_class").get<std::string>();
        result.confidence = json.at("confidence").get<double>();
        result.tumorPresent = json.at("tumour_present").get<bool>();
        result.tumorProbability = json.at("tumour_probability").get<double>();
        for (const auto& entry : json.at("classes")) {
            result.classes.push_back(parseClass(entry));
        }
        if (json.contains("feature_maps")) {
            const auto& maps = json["feature_maps"];
            result.pcaPng = base64Decode(maps.value("pca_png", std::string()));
            result.similarityPng = base64Decode(maps.value("similarity_png", std::string()));
        }
        result.serverMilliseconds = json.value("elapsed_ms", 0.0);
        result.json = body;
        return result;
    } catch (const std::exception& error) {
        return makeError(ErrorCode::InvalidFormat, std::string("unexpected answer from the server: ") + error.what());
    }
}

core::Result<SeriesResult> parseSeriesResult(const std::string& body)
{
    try {
        const auto json = nlohmann::json::parse(body);
        SeriesResult result;
        result.model = json.at("model").get<std::string>();
        result.dims = json.at("dims").get<std::array<int, 3>>();
        result.maskNiftiGz = base64Decode(json.at("mask_nifti_gz").get<std::string>());
        for (const auto& entry : json.at("classes")) {
            result.volumesMm3.emplace_back(entry.at("name").get<std::string>(), entry.at("volume_mm3").get<double>());
        }
        result.tumorPresent = json.at("tumour_present").get<bool>();
        result.tumorProbability = json.at("tumour_probability").get<double>();
        result.planes = json.value("planes", "acquired");
        result.json = body;
        return result;
    } catch (const std::exception& error) {
        return makeError(ErrorCode::InvalidFormat, std::string("unexpected answer from the server: ") + error.what());
    }
}

core::Result<std::vector<ModelInfo>> parseModels(const std::string& body)
{
    try {
        std::vector<ModelInfo> models;
        const auto json = nlohmann::json::parse(body); // kept alive: the loop walks a reference into it
        for (const auto& entry : json.at("models")) {
            models.push_back(
                { entry.at("id").get<std::string>(), entry.at("loaded").get<bool>(), entry.value("default", false) });
        }
        return models;
    } catch (const std::exception& error) {
        return makeError(ErrorCode::InvalidFormat, std::string("unexpected answer from the server: ") + error.what());
    }
}

} // namespace dinolens::client::detail
