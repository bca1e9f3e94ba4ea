#include "cli_output.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <mutex>

#include <unistd.h>

namespace dinolens::app {

nlohmann::json errorToJson(const core::Error& error)
{
    return { { "code", core::errorCodeName(error.code) }, { "message", error.message }, { "context", error.context } };
}

nlohmann::json volumeToJson(const core::Volume& volume)
{
    nlohmann::json direction = nlohmann::json::array();
    for (int r = 0; r < 3; ++r) {
        direction.push_back({ volume.direction[r * 3], volume.direction[r * 3 + 1], volume.direction[r * 3 + 2] });
    }
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& w : volume.windows) {
        windows.push_back({ { "center", w.center }, { "width", w.width }, { "name", w.name } });
    }
    return { { "dimensions", volume.dims }, { "spacing_mm", volume.spacing }, { "origin_lps_mm", volume.origin },
        { "direction_lps", direction }, { "orientation", volume.orientationCode() },
        { "pixel_type", core::pixelTypeName(volume.pixelType) },
        { "rescale", { { "slope", volume.rescaleSlope }, { "intercept", volume.rescaleIntercept } } },
        { "monochrome1", volume.monochrome1 }, { "windows", windows } };
}

nlohmann::json seriesToJson(const core::SeriesInfo& series)
{
    nlohmann::json syntaxes = nlohmann::json::array();
    for (const auto& instance : series.instances) {
        nlohmann::json entry = { { "uid", instance.transferSyntaxUid }, { "name", instance.transferSyntaxName } };
        if (std::find(syntaxes.begin(), syntaxes.end(), entry) == syntaxes.end()) {
            syntaxes.push_back(entry);
        }
    }
    return { { "series_instance_uid", series.seriesInstanceUid }, { "source", core::sourceKindName(series.kind) },
        { "modality", series.modality }, { "description", series.description },
        { "series_number", series.seriesNumber }, { "instances", series.instances.size() },
        { "transfer_syntaxes", syntaxes } };
}

int reportError(const core::Error& error)
{
    std::cerr << "dinolens-cli: " << error.toString() << " [" << core::errorCodeName(error.code) << "]\n";
    return 1;
}

ProgressLine::ProgressLine(std::string label, bool force)
    : m_label(std::move(label))
    , m_enabled(force || isatty(STDERR_FILENO) != 0)
{
}

ProgressLine::~ProgressLine()
{
    if (m_printed) {
        std::fputc('\n', stderr);
    }
}

core::ProgressSink ProgressLine::sink()
{
    if (!m_enabled) {
        return {};
    }
    return [this](long long done, long long total, const std::string&) {
        static std::mutex mutex;
        const std::lock_guard lock(mutex);
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - m_last < std::chrono::milliseconds(200)) {
            return;
        }
        m_last = now;
        m_printed = true;
        if (m_firstDone < 0) {
            m_firstDone = done;
            m_first = now;
        }
        char bar[64] = "";
        char eta[64] = "              "; // clears a longer ETA printed before
        if (total > 0) {
            const int filled = static_cast<int>(std::clamp(done * 20 / total, 0LL, 20LL));
            std::snprintf(
                bar, sizeof bar, "[%.*s%.*s] ", filled, "####################", 20 - filled, "--------------------");
            const double elapsed = std::chrono::duration<double>(now - m_first).count();
            if (done > m_firstDone && done < total) {
                const auto seconds = static_cast<long long>(
                    elapsed / static_cast<double>(done - m_firstDone) * static_cast<double>(total - done) + 0.5);
                std::snprintf(eta, sizeof eta, " ETA %lldm%02llds   ", seconds / 60, seconds % 60);
            }
        }
        std::fprintf(stderr, "\r%s: %s%lld/%lld%s", m_label.c_str(), bar, done, total, eta);
        std::fflush(stderr);
    };
}

} // namespace dinolens::app
