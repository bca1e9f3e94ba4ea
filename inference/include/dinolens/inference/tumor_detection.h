#pragma once
// How a run decides "tumour present" (core/detection_metrics.h defines the score): the decision threshold and the
// minimal lesion area, stored as detection.json in the run folder. The threshold is calibrated on the validation
// images (with and without tumour) when training ends, or again by `dinolens-cli evaluate --calibrate`.
// A run without detection.json uses the defaults (threshold 0.5) and says it is uncalibrated.
// Thread-safety: pure functions and value types.

#include <filesystem>
#include <string>

#include "dinolens/core/detection_metrics.h"
#include "dinolens/core/result.h"

namespace dinolens::inference {

struct DetectionSettings {
    double threshold = 0.5; // tumour present when the score is at least this
    double minLesionFraction = core::kDefaultMinLesionFraction;
    bool calibrated = false; // read from detection.json (false: the defaults)
    std::string calibratedOn; // what the threshold was calibrated on, e.g. "valid: 862 images (250 without tumour)"
    core::DetectionSummary validation; // its figures on that data
};

inline constexpr const char* kDetectionFile = "detection.json";

/// runDir/detection.json, or the defaults when there is none. Errors: InvalidFormat (a damaged file).
core::Result<DetectionSettings> readDetectionSettings(const std::filesystem::path& runDir);
/// Writes runDir/detection.json atomically. Errors: Unwritable.
core::Status writeDetectionSettings(const std::filesystem::path& runDir, const DetectionSettings& settings);

} // namespace dinolens::inference
