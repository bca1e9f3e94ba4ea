// `dinolens-cli bench pacs`: retrieve rates of one series over WADO-RS and C-GET, against Orthanc's own limit and
// against reading the same files from disk.
#include <cstdio>
#include <filesystem>

#include <unistd.h>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/pacs/pacs_benchmark.h"
#include "pacs_node_options.h"

namespace dinolens::app {
namespace {

struct PacsBenchOptions {
    std::string url;
    std::string dimse;
    std::string callingAeTitle = "DINOLENS";
    std::string orthanc;
    std::string studyUid;
    std::string seriesUid;
    int repeats = 3;
};

void printRows(const pacs::PacsBenchmarkResult& result)
{
    double limit = 0.0;
    for (const pacs::PacsBenchmarkRow& row : result.rows) {
        if (row.name.rfind("Orthanc", 0) == 0) {
            limit = static_cast<double>(row.bytes) / row.seconds;
        }
    }
    std::printf("%-30s %9s %9s %9s %10s %11s %11s %12s\n", "path", "instances", "MB", "ms", "MB/s", "first ms",
        "slice ms", "of limit");
    const auto milliseconds = [](double seconds, char(&text)[32]) {
        if (seconds >= 0) {
            std::snprintf(text, sizeof text, "%.1f", seconds * 1e3);
        }
    };
    for (const pacs::PacsBenchmarkRow& row : result.rows) {
        const double rate = static_cast<double>(row.bytes) / row.seconds;
        char first[32] = "-";
        char slice[32] = "-";
        milliseconds(row.firstInstanceSeconds, first);
        milliseconds(row.firstSliceSeconds, slice);
        std::printf("%-30s %9d %9.2f %9.1f %10.1f %11.11s %11.11s %11.0f%%\n", row.name.c_str(), row.instances,
            static_cast<double>(row.bytes) / 1e6, row.seconds * 1e3, rate / 1e6, first, slice,
            limit > 0 ? 100.0 * rate / limit : 0.0);
    }
    std::printf("limit = Orthanc's own keep-alive loop over /instances/{id}/file (goal: WADO-RS and C-GET >= 50%%);\n"
                "first ms = until the first instance was on disk; slice ms = until the first slice could be shown\n"
                "(scanned, loaded and windowed beside the retrieve, as the viewer does); disk = reading the retrieved\n"
                "files again\n");
}

int runPacsBench(const PacsBenchOptions& options)
{
    auto web = pacs::dicomWebNode(options.url);
    if (!web) {
        return reportError(web.error());
    }
    pacs::PacsBenchmarkOptions benchmark;
    benchmark.dicomWeb = *web;
    if (!options.dimse.empty()) {
        auto dimse = pacs::dimseNode(options.dimse, options.callingAeTitle);
        if (!dimse) {
            return reportError(dimse.error());
        }
        benchmark.dimse = *dimse;
        benchmark.withDimse = true;
    }
    benchmark.orthancUrl = options.orthanc;
    benchmark.studyUid = options.studyUid;
    benchmark.seriesUid = options.seriesUid;
    benchmark.repeats = options.repeats;
    std::error_code error;
    benchmark.workFolder
        = std::filesystem::temp_directory_path(error) / ("dinolens-bench-pacs-" + std::to_string(getpid()));
    auto result = pacs::runPacsBenchmark(benchmark);
    std::filesystem::remove_all(benchmark.workFolder, error);
    if (!result) {
        return reportError(result.error());
    }
    std::printf("bench pacs: best of %d, series %s of study %s\n", options.repeats, result->seriesUid.c_str(),
        result->studyUid.c_str());
    printRows(*result);
    return 0;
}

} // namespace

void registerPacsBenchmark(CLI::App& bench, int& exitCode)
{
    auto options = std::make_shared<PacsBenchOptions>();
    CLI::App* command = bench.add_subcommand("pacs", "Retrieve rates from a PACS (WADO-RS, C-GET) against its limit");
    command->add_option("--url", options->url, "DICOMweb base URL")->required();
    command->add_option("--dimse", options->dimse, "DIMSE node AET@host:port: C-GET is measured too");
    command->add_option("--calling-aet", options->callingAeTitle, "Our AE title (DIMSE)");
    command->add_option("--orthanc", options->orthanc, "Orthanc's REST root, for its own limit");
    command->add_option("--study-uid", options->studyUid, "Study (default: the PACS's first)");
    command->add_option("--series-uid", options->seriesUid, "Series (default: the study's largest)");
    command->add_option("--repeats", options->repeats, "Runs (best is reported)")->check(CLI::PositiveNumber);
    command->callback([options, &exitCode] { exitCode = runPacsBench(*options); });
}

} // namespace dinolens::app
