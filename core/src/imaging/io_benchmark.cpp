#include "dinolens/core/io_benchmark.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <limits>

#include "dinolens/core/dicom_scanner.h"
#include "dinolens/core/dicom_series_loader.h"
#include "dinolens/core/nifti_reader.h"

namespace dinolens::core {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::size_t readAll(const std::vector<std::filesystem::path>& files)
{
    std::size_t total = 0;
    std::vector<char> buffer(1 << 20);
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
            total += static_cast<std::size_t>(in.gcount());
        }
    }
    return total;
}

template <typename Decode>
Result<IoBenchmarkRow> measure(
    std::string name, const std::vector<std::filesystem::path>& files, int repeats, Decode decode)
{
    IoBenchmarkRow row;
    row.name = std::move(name);
    row.readSeconds = std::numeric_limits<double>::max();
    row.decodeSeconds = std::numeric_limits<double>::max();
    for (int r = 0; r < repeats; ++r) {
        auto start = Clock::now();
        row.fileBytes = readAll(files);
        row.readSeconds = std::min(row.readSeconds, secondsSince(start));
        start = Clock::now();
        auto volume = decode();
        row.decodeSeconds = std::min(row.decodeSeconds, secondsSince(start));
        if (!volume) {
            return volume.error();
        }
        row.decodedBytes = volume->voxels.size();
    }
    return row;
}

std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folder, const std::string& suffix)
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(folder, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_regular_file(ec) && name.size() > suffix.size()
            && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

Result<std::vector<IoBenchmarkRow>> runIoBenchmark(const std::filesystem::path& dataRoot, int repeats, unsigned threads)
{
    std::vector<IoBenchmarkRow> rows;
    VolumeLoadOptions load;
    load.threads = threads;
    DicomScanOptions scan;
    scan.threads = threads;
    const auto series = dataRoot / "dicom" / "series-dwi-sag48";
    if (const auto files = filesIn(series, ".dcm"); !files.empty()) {
        auto row = measure("dicom series-dwi-sag48 (" + std::to_string(files.size()) + " files)", files, repeats,
            [&]() -> Result<Volume> {
                auto found = scanDicom(series, scan);
                if (!found) {
                    return found.error();
                }
                if (found->studies.empty()) {
                    return makeError(ErrorCode::NotFound, "no series found", series.string());
                }
                return loadDicomSeries(found->studies.front().series.front(), load);
            });
        if (!row) {
            return row.error();
        }
        rows.push_back(*row);
    }
    for (const auto& file : filesIn(dataRoot / "nifti", ".nii.gz")) {
        auto row = measure("nifti " + file.parent_path().filename().string() + "/" + file.filename().string(), { file },
            repeats, [&] { return loadNifti(file, load); });
        if (!row) {
            return row.error();
        }
        rows.push_back(*row);
    }
    if (rows.empty()) {
        return makeError(
            ErrorCode::NotFound, "no benchmark data (dicom/series-dwi-sag48, nifti/) found", dataRoot.string());
    }
    return rows;
}

} // namespace dinolens::core
