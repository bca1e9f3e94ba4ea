#pragma once
// Shared output helpers of dinolens-cli: JSON for errors and volumes, and a throttled progress line on stderr.

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/study.h"
#include "dinolens/core/volume.h"

namespace dinolens::app {

nlohmann::json errorToJson(const core::Error& error);
nlohmann::json volumeToJson(const core::Volume& volume);
nlohmann::json seriesToJson(const core::SeriesInfo& series);

/// Prints "dinolens-cli: <context>: <message>" to stderr and returns the exit code for a failed input (1).
int reportError(const core::Error& error);

/// A progress line on stderr, at most 5 updates a second, only when stderr is a terminal (or `force`):
/// "label: [#####-----] done/total ETA 1m02s" (the ETA from the rate since the first update).
class ProgressLine {
public:
    explicit ProgressLine(std::string label, bool force = false);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    core::ProgressSink sink();

private:
    std::string m_label;
    bool m_enabled = false;
    bool m_printed = false;
    std::chrono::steady_clock::time_point m_last {};
    std::chrono::steady_clock::time_point m_first {};
    long long m_firstDone = -1;
};

} // namespace dinolens::app
