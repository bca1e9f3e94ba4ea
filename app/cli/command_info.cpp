// `dinolens-cli info <path>`: what a folder, DICOMDIR or file holds, as JSON on stdout.
#include <iostream>
#include <optional>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/core/json_text.h"
#include "dinolens/core/study_reader.h"

namespace dinolens::app {
namespace {

struct InfoOptions {
    std::string path;
    bool headersOnly = false;
    bool progress = false;
};

// Series whose volume loaded, and the first load error.
struct LoadTally {
    int loaded = 0;
    std::optional<core::Error> firstError;
};

nlohmann::json describeStudy(core::StudyInfo& study, const InfoOptions& options, LoadTally& tally)
{
    nlohmann::json series = nlohmann::json::array();
    for (const auto& s : study.series) {
        nlohmann::json entry = seriesToJson(s);
        if (!options.headersOnly) {
            auto volume = core::loadSeries(s);
            if (volume) {
                entry["volume"] = volumeToJson(*volume);
                ++tally.loaded;
            } else {
                entry["error"] = errorToJson(volume.error());
                if (!tally.firstError) {
                    tally.firstError = volume.error();
                }
            }
        }
        series.push_back(entry);
    }
    return { { "study_instance_uid", study.studyInstanceUid }, { "patient_name", study.patientName },
        { "patient_id", study.patientId }, { "study_date", study.studyDate }, { "description", study.studyDescription },
        { "series", series } };
}

int runInfo(const InfoOptions& options)
{
    ProgressLine progress("scanning files", options.progress);
    core::DicomScanOptions scanOptions;
    scanOptions.progress = progress.sink();
    auto scan = core::scanPath(options.path, scanOptions);
    if (!scan) {
        return reportError(scan.error());
    }
    nlohmann::json studies = nlohmann::json::array();
    LoadTally tally;
    for (auto& study : scan->studies) {
        studies.push_back(describeStudy(study, options, tally));
    }
    nlohmann::json skipped = nlohmann::json::array();
    for (const auto& s : scan->skipped) {
        skipped.push_back({ { "path", s.path }, { "error", errorToJson(s.error) } });
    }
    std::cout << core::jsonText(
        nlohmann::json { { "path", options.path }, { "studies", studies }, { "skipped", skipped } }, 2)
              << '\n';
    if (scan->studies.empty()) {
        return reportError(core::makeError(core::ErrorCode::NotFound, "no readable images found", options.path));
    }
    if (!options.headersOnly && tally.loaded == 0 && tally.firstError) {
        return reportError(*tally.firstError); // headers were read, but no series could be loaded
    }
    return 0;
}

} // namespace

void registerInfoCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<InfoOptions>();
    CLI::App* info = app.add_subcommand("info", "Print the studies, series and geometry found at a path as JSON");
    info->add_option("path", options->path, "DICOM folder, DICOMDIR, DICOM file, NIfTI file, image or folder")
        ->required();
    info->add_flag("--headers-only", options->headersOnly, "Read headers only (no pixel decoding, no geometry)");
    info->add_flag("--progress", options->progress, "Show scan progress on stderr even when it is not a terminal");
    info->callback([options, &exitCode] { exitCode = runInfo(*options); });
}

} // namespace dinolens::app
