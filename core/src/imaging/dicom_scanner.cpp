#include "dinolens/core/dicom_scanner.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dicom_directory.h"
#include "dicom_file.h"
#include "dicom_tags.h"
#include "dinolens/core/parallel_for.h"

namespace dinolens::core {
namespace {

struct ScannedFile {
    std::optional<InstanceInfo> instance;
    std::optional<Error> error;
    std::string studyUid, studyDate, studyDescription, patientName, patientId;
    std::string seriesUid, modality, seriesDescription;
    int seriesNumber = 0;
};

ScannedFile scanOne(const std::string& path)
{
    ScannedFile out;
    auto file = dicom::openDicomFile(path, /*headerOnly=*/true);
    if (!file) {
        out.error = file.error();
        return out;
    }
    DcmDataset& ds = (*file)->dataset();
    if (!ds.tagExists(DCM_PixelData) && !ds.tagExists(DCM_FloatPixelData)) {
        const std::string sopClass = dicom::getString(ds, DCM_SOPClassUID);
        const char* name = dcmFindNameOfUID(sopClass.c_str(), nullptr);
        out.error = makeError(ErrorCode::UnsupportedFormat,
            "no image pixel data (" + std::string(name != nullptr ? name : "unknown object") + ")", path);
        return out;
    }
    out.instance = dicom::describeInstance(ds, path, (*file)->transferSyntaxUid());
    out.instance->transferSyntaxName = dicom::transferSyntaxName(out.instance->transferSyntaxUid);
    out.studyUid = dicom::getString(ds, DCM_StudyInstanceUID);
    out.studyDate = dicom::getString(ds, DCM_StudyDate);
    out.studyDescription = dicom::getString(ds, DCM_StudyDescription);
    out.patientName = dicom::getString(ds, DCM_PatientName);
    out.patientId = dicom::getString(ds, DCM_PatientID);
    out.seriesUid = dicom::getString(ds, DCM_SeriesInstanceUID);
    out.modality = dicom::getString(ds, DCM_Modality);
    out.seriesDescription = dicom::getString(ds, DCM_SeriesDescription);
    out.seriesNumber = dicom::getInteger(ds, DCM_SeriesNumber).value_or(0);
    return out;
}

ScanResult groupIntoStudies(std::vector<ScannedFile>& scanned, const std::vector<std::string>& paths)
{
    ScanResult result;
    std::map<std::string, std::size_t> studyIndex;
    std::map<std::pair<std::string, std::string>, std::size_t> seriesIndex;
    for (std::size_t i = 0; i < scanned.size(); ++i) {
        ScannedFile& f = scanned[i];
        if (!f.instance) {
            result.skipped.push_back({ paths[i], f.error.value_or(makeError(ErrorCode::Internal, "not scanned")) });
            continue;
        }
        auto [studyIt, newStudy] = studyIndex.try_emplace(f.studyUid, result.studies.size());
        if (newStudy) {
            result.studies.push_back({ f.studyUid, f.studyDate, f.studyDescription, f.patientName, f.patientId, {} });
        }
        StudyInfo& study = result.studies[studyIt->second];
        auto [seriesIt, newSeries] = seriesIndex.try_emplace({ f.studyUid, f.seriesUid }, study.series.size());
        if (newSeries) {
            study.series.push_back(
                { SourceKind::Dicom, f.seriesUid, f.modality, f.seriesDescription, f.seriesNumber, {} });
        }
        study.series[seriesIt->second].instances.push_back(std::move(*f.instance));
    }
    for (auto& study : result.studies) {
        for (auto& series : study.series) {
            sortInstances(series);
        }
        std::sort(study.series.begin(), study.series.end(),
            [](const SeriesInfo& a, const SeriesInfo& b) { return a.seriesNumber < b.seriesNumber; });
    }
    return result;
}

Result<ScanResult> scanPaths(const std::vector<std::string>& paths, const DicomScanOptions& options)
{
    std::vector<ScannedFile> scanned(paths.size());
    std::atomic<long long> done { 0 };
    try {
        parallelFor(
            paths.size(), options.threads,
            [&](std::size_t i) {
                scanned[i] = scanOne(paths[i]);
                const long long n = ++done;
                if (options.progress && (n % 50 == 0 || n == static_cast<long long>(paths.size()))) {
                    options.progress(n, static_cast<long long>(paths.size()), paths[i]);
                }
            },
            options.cancel);
    } catch (const std::exception& e) {
        return makeError(ErrorCode::Internal, std::string("DICOM scan failed: ") + e.what());
    }
    if (options.cancel.isCancelled()) {
        return makeError(ErrorCode::Cancelled, "scan cancelled");
    }
    return groupIntoStudies(scanned, paths);
}

double sliceKey(const InstanceInfo& instance, const Vec3& normal)
{
    const Vec3& p = *instance.position;
    return p[0] * normal[0] + p[1] * normal[1] + p[2] * normal[2];
}

} // namespace

void sortInstances(SeriesInfo& series)
{
    auto& items = series.instances;
    const bool haveGeometry = !items.empty() && std::all_of(items.begin(), items.end(), [](const InstanceInfo& i) {
        return i.position.has_value() && i.orientation.has_value();
    });
    if (haveGeometry) {
        const auto& o = *items.front().orientation;
        const Vec3 normal { o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3] };
        std::stable_sort(items.begin(), items.end(),
            [&](const InstanceInfo& a, const InstanceInfo& b) { return sliceKey(a, normal) < sliceKey(b, normal); });
        return;
    }
    std::stable_sort(items.begin(), items.end(), [](const InstanceInfo& a, const InstanceInfo& b) {
        return a.instanceNumber != b.instanceNumber ? a.instanceNumber < b.instanceNumber : a.path < b.path;
    });
}

Result<ScanResult> scanDicomFiles(const std::vector<std::filesystem::path>& files, const DicomScanOptions& options)
{
    std::vector<std::string> paths;
    paths.reserve(files.size());
    for (const auto& f : files) {
        paths.push_back(f.string());
    }
    return scanPaths(paths, options);
}

Result<ScanResult> scanDicom(const std::filesystem::path& path, const DicomScanOptions& options)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return makeError(ErrorCode::NotFound, "no such file or folder", path.string());
    }
    if (std::filesystem::is_directory(path, ec)) {
        std::vector<std::filesystem::path> files;
        for (auto it = std::filesystem::recursive_directory_iterator(
                 path, std::filesystem::directory_options::skip_permission_denied, ec);
             !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
            // Hidden files are never part of a study: a writer's temporaries (".partial-*", renamed into place when
            // whole, so a folder filling up can be scanned) and markers such as the retrieve cache's ".last-used".
            if (it->is_regular_file(ec) && it->path().filename().string().front() != '.') {
                files.push_back(it->path());
            }
        }
        if (ec) {
            return makeError(ErrorCode::Unreadable, "cannot list folder: " + ec.message(), path.string());
        }
        std::sort(files.begin(), files.end());
        return scanDicomFiles(files, options);
    }
    if (dicom::isDicomDirectory(path)) {
        auto referenced = dicom::readDicomDirectory(path);
        if (!referenced) {
            return referenced.error();
        }
        auto result = scanDicomFiles(*referenced, options);
        if (result && result->studies.empty()) {
            const std::string first
                = result->skipped.empty() ? "it lists no files" : "first: " + result->skipped.front().error.toString();
            return makeError(ErrorCode::NotFound,
                "no readable image among the " + std::to_string(referenced->size())
                    + " files this DICOMDIR references (" + first + ")",
                path.string());
        }
        return result;
    }
    auto single = scanDicomFiles({ path }, options);
    if (single && single->studies.empty() && !single->skipped.empty()) {
        return single->skipped.front().error;
    }
    return single;
}

} // namespace dinolens::core
