#include "dicom_json.h"

namespace dinolens::pacs::detail {
namespace {

std::string valueText(const nlohmann::json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_integer()) {
        return std::to_string(value.get<long long>());
    }
    if (value.is_number()) {
        return std::to_string(value.get<double>());
    }
    if (value.is_object() && value.contains("Alphabetic") && value["Alphabetic"].is_string()) {
        return value["Alphabetic"].get<std::string>();
    }
    return {};
}

int integerOf(const std::string& text, int fallback)
{
    try {
        return text.empty() ? fallback : std::stoi(text);
    } catch (const std::exception&) {
        return fallback;
    }
}

} // namespace

std::string dicomJsonText(const nlohmann::json& dataset, const char* tag)
{
    const auto element = dataset.find(tag);
    if (element == dataset.end() || !element->is_object()) {
        return {};
    }
    const auto values = element->find("Value");
    if (values == element->end() || !values->is_array()) {
        return {};
    }
    std::string text;
    for (const nlohmann::json& value : *values) {
        if (!text.empty()) {
            text += '\\';
        }
        text += valueText(value);
    }
    return text;
}

core::Result<PacsMatch> matchFromDicomJson(const nlohmann::json& dataset, QueryLevel level)
{
    if (!dataset.is_object()) {
        return core::makeError(core::ErrorCode::InvalidFormat, "a QIDO-RS match is not a JSON object");
    }
    PacsMatch match;
    match.patientName = dicomJsonText(dataset, "00100010");
    match.patientId = dicomJsonText(dataset, "00100020");
    match.birthDate = dicomJsonText(dataset, "00100030");
    match.studyUid = dicomJsonText(dataset, "0020000D");
    match.studyDate = dicomJsonText(dataset, "00080020");
    match.studyDescription = dicomJsonText(dataset, "00081030");
    match.accessionNumber = dicomJsonText(dataset, "00080050");
    if (level == QueryLevel::Series) {
        match.modalities = dicomJsonText(dataset, "00080060");
        match.seriesUid = dicomJsonText(dataset, "0020000E");
        match.seriesDescription = dicomJsonText(dataset, "0008103E");
        match.seriesNumber = integerOf(dicomJsonText(dataset, "00200011"), 0);
        match.instanceCount = integerOf(dicomJsonText(dataset, "00201209"), -1);
    } else {
        match.modalities = dicomJsonText(dataset, "00080061");
        match.instanceCount = integerOf(dicomJsonText(dataset, "00201208"), -1);
    }
    if (match.studyUid.empty() || (level == QueryLevel::Series && match.seriesUid.empty())) {
        return core::makeError(core::ErrorCode::InvalidFormat, "a QIDO-RS match lacks its Study or Series UID");
    }
    return match;
}

} // namespace dinolens::pacs::detail
