#include "dinolens/inference/tumor_detection.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "content_hash.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/core/json_text.h"

namespace dinolens::inference {

namespace {

nlohmann::json finiteOrNull(double value)
{
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

double numberOr(const nlohmann::json& json, const char* key, double fallback)
{
    return json.contains(key) && json[key].is_number() ? json[key].get<double>() : fallback;
}

} // namespace

core::Result<DetectionSettings> readDetectionSettings(const std::filesystem::path& runDir)
{
    const std::filesystem::path path = runDir / kDetectionFile;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return DetectionSettings {};
    }
    const auto text = detail::readFileBytes(path);
    const nlohmann::json json = nlohmann::json::parse(text.value_or(std::string()), nullptr, false);
    if (!text || json.is_discarded() || !json.is_object() || !json.contains("threshold")
        || !json["threshold"].is_number()) {
        return core::makeError(core::ErrorCode::InvalidFormat, "not a detection file (no threshold)", path.string());
    }
    DetectionSettings settings;
    settings.threshold = json["threshold"].get<double>();
    settings.minLesionFraction = numberOr(json, "min_lesion_fraction", settings.minLesionFraction);
    if (!(settings.threshold >= 0.0 && settings.threshold <= 1.0) || !(settings.minLesionFraction > 0.0)
        || settings.minLesionFraction > 1.0) {
        return core::makeError(core::ErrorCode::InvalidFormat,
            "threshold must be in [0, 1] and min_lesion_fraction in (0, 1]", path.string());
    }
    settings.calibrated = true;
    settings.calibratedOn = json.value("calibrated_on", std::string());
    if (json.contains("validation") && json["validation"].is_object()) {
        const nlohmann::json& v = json["validation"];
        settings.validation.threshold = settings.threshold;
        settings.validation.positives = v.value("n_positive", 0);
        settings.validation.negatives = v.value("n_negative", 0);
        settings.validation.sensitivity = numberOr(v, "sensitivity", NAN);
        settings.validation.specificity = numberOr(v, "specificity", NAN);
        settings.validation.auc = numberOr(v, "auc", NAN);
    }
    return settings;
}

core::Status writeDetectionSettings(const std::filesystem::path& runDir, const DetectionSettings& settings)
{
    const core::DetectionSummary& v = settings.validation;
    const nlohmann::ordered_json json = { { "score",
                                              "k-th largest per-pixel tumour probability (1 - p(background)), k = "
                                              "min_lesion_fraction x pixels; a volume scores its largest slice" },
        { "threshold", settings.threshold }, { "min_lesion_fraction", settings.minLesionFraction },
        { "calibrated_on", settings.calibratedOn },
        { "validation",
            { { "n_positive", v.positives }, { "n_negative", v.negatives },
                { "sensitivity", finiteOrNull(v.sensitivity) }, { "specificity", finiteOrNull(v.specificity) },
                { "auc", finiteOrNull(v.auc) } } } };
    return core::writeFileAtomically(runDir / kDetectionFile, core::jsonText(json, 2) + "\n");
}

} // namespace dinolens::inference
