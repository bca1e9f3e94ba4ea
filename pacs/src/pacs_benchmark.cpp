#include "dinolens/pacs/pacs_benchmark.h"

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "dinolens/core/study_reader.h"
#include "dinolens/core/windowing.h"
#include "dinolens/pacs/pacs_client.h"

namespace dinolens::pacs {
namespace {

using core::ErrorCode;
using core::makeError;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

core::Status chooseSeries(const PacsBenchmarkOptions& options, PacsBenchmarkResult& result)
{
    result.studyUid = options.studyUid;
    result.seriesUid = options.seriesUid;
    if (!result.seriesUid.empty() && !result.studyUid.empty()) {
        return core::okStatus();
    }
    PacsQuery query;
    query.level = QueryLevel::Series;
    query.studyUid = options.studyUid;
    auto found = find(options.dicomWeb, query);
    if (!found) {
        return found.error();
    }
    const PacsMatch* largest = nullptr;
    for (const PacsMatch& match : found->matches) {
        if (largest == nullptr || match.instanceCount > largest->instanceCount) {
            largest = &match;
        }
    }
    if (largest == nullptr) {
        return makeError(ErrorCode::NotFound, "the PACS lists no series", options.dicomWeb.describe());
    }
    result.studyUid = largest->studyUid;
    result.seriesUid = largest->seriesUid;
    return core::okStatus();
}

// What the viewer does with the first instance before it paints it: scan, load, window. Seconds since `started`
// when done, -1 when the instance could not be shown.
double showFirstSlice(const std::filesystem::path& file, Clock::time_point started)
{
    auto scan = core::scanPath(file);
    if (!scan || scan->studies.empty() || scan->studies.front().series.empty()) {
        return -1.0;
    }
    auto volume = core::loadSeries(scan->studies.front().series.front());
    if (!volume || !core::windowSlice(*volume, 0, core::defaultWindow(*volume))) {
        return -1.0;
    }
    return secondsSince(started);
}

// One retrieve into a fresh folder; the files stay for the disk measurement.
core::Result<PacsBenchmarkRow> timeRetrieve(
    const PacsNode& node, const PacsBenchmarkResult& target, const std::filesystem::path& folder)
{
    std::error_code error;
    std::filesystem::remove_all(folder, error);
    RetrieveOptions options;
    options.destination = folder;
    options.dimseRetrieval = DimseRetrieval::Get;
    const auto started = Clock::now();
    double first = -1.0;
    std::atomic<double> firstSlice { -1.0 };
    std::thread viewer;
    options.onInstance = [&first, &firstSlice, &viewer, started](const RetrievedInstance& instance) {
        if (first < 0) {
            first = secondsSince(started);
            viewer = std::thread(
                [file = instance.file, &firstSlice, started] { firstSlice = showFirstSlice(file, started); });
        }
    };
    auto summary = retrieve(node, { target.studyUid, target.seriesUid }, options);
    const double seconds = secondsSince(started);
    if (viewer.joinable()) {
        viewer.join();
    }
    if (!summary) {
        return summary.error();
    }
    PacsBenchmarkRow row { summary->method, static_cast<int>(summary->instances.size()), summary->bytes, seconds,
        first };
    row.firstSliceSeconds = firstSlice;
    return row;
}

core::Result<std::vector<std::string>> orthancInstanceIds(httplib::Client& http, const std::string& seriesUid)
{
    const httplib::Result lookup = http.Post("/tools/lookup", seriesUid, "text/plain");
    if (!lookup || lookup->status != 200) {
        return makeError(ErrorCode::Unreadable, "Orthanc's /tools/lookup did not answer", seriesUid);
    }
    const nlohmann::json found = nlohmann::json::parse(lookup->body, nullptr, false);
    if (!found.is_array() || found.empty() || !found[0].contains("ID")) {
        return makeError(ErrorCode::NotFound, "Orthanc does not know the series", seriesUid);
    }
    const httplib::Result series = http.Get("/series/" + found[0]["ID"].get<std::string>());
    const nlohmann::json description
        = series && series->status == 200 ? nlohmann::json::parse(series->body, nullptr, false) : nlohmann::json();
    if (!description.is_object() || !description.contains("Instances")) {
        return makeError(ErrorCode::Unreadable, "Orthanc did not list the series' instances", seriesUid);
    }
    return description["Instances"].get<std::vector<std::string>>();
}

// Orthanc's own limit: each stored file fetched as it is, one request after the other on one connection.
core::Result<PacsBenchmarkRow> timeOrthancLoop(const std::string& orthancUrl, const std::string& seriesUid)
{
    httplib::Client http(orthancUrl);
    http.set_keep_alive(true);
    auto ids = orthancInstanceIds(http, seriesUid);
    if (!ids) {
        return ids.error();
    }
    PacsBenchmarkRow row { "Orthanc /instances/{id}/file", 0, 0, 0.0, -1.0 };
    const auto started = Clock::now();
    for (const std::string& id : *ids) {
        const httplib::Result file = http.Get("/instances/" + id + "/file");
        if (!file || file->status != 200) {
            return makeError(ErrorCode::Unreadable, "Orthanc did not send an instance", id);
        }
        row.firstInstanceSeconds = row.firstInstanceSeconds < 0 ? secondsSince(started) : row.firstInstanceSeconds;
        row.bytes += file->body.size();
        ++row.instances;
    }
    row.seconds = secondsSince(started);
    return row;
}

PacsBenchmarkRow timeDiskRead(const std::filesystem::path& folder)
{
    PacsBenchmarkRow row { "disk (page cache)", 0, 0, 0.0, -1.0 };
    std::vector<char> buffer(1 << 20);
    const auto started = Clock::now();
    std::error_code error;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder, error)) {
        if (!entry.is_regular_file(error)) {
            continue;
        }
        std::ifstream in(entry.path(), std::ios::binary);
        while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
            row.bytes += static_cast<std::uint64_t>(in.gcount());
        }
        ++row.instances;
    }
    row.seconds = secondsSince(started);
    return row;
}

void keepBest(std::vector<PacsBenchmarkRow>& rows, const PacsBenchmarkRow& row)
{
    for (PacsBenchmarkRow& existing : rows) {
        if (existing.name == row.name) {
            if (row.seconds < existing.seconds) {
                existing = row;
            }
            return;
        }
    }
    rows.push_back(row);
}

} // namespace

core::Result<PacsBenchmarkResult> runPacsBenchmark(const PacsBenchmarkOptions& options)
{
    PacsBenchmarkResult result;
    if (auto chosen = chooseSeries(options, result); !chosen) {
        return chosen.error();
    }
    const std::filesystem::path wadoFolder = options.workFolder / "wado";
    for (int run = 0; run < std::max(1, options.repeats); ++run) {
        auto wado = timeRetrieve(options.dicomWeb, result, wadoFolder);
        if (!wado) {
            return wado.error();
        }
        keepBest(result.rows, *wado);
        if (options.withDimse) {
            auto cGet = timeRetrieve(options.dimse, result, options.workFolder / "cget");
            if (!cGet) {
                return cGet.error();
            }
            keepBest(result.rows, *cGet);
        }
        if (!options.orthancUrl.empty()) {
            auto loop = timeOrthancLoop(options.orthancUrl, result.seriesUid);
            if (!loop) {
                return loop.error();
            }
            keepBest(result.rows, *loop);
        }
        keepBest(result.rows, timeDiskRead(wadoFolder));
    }
    std::error_code error;
    std::filesystem::remove_all(options.workFolder / "wado", error);
    std::filesystem::remove_all(options.workFolder / "cget", error);
    return result;
}

} // namespace dinolens::pacs
