#include "dinolens/core/study_reader.h"

#include <algorithm>
#include <map>

#include "dicom_file.h"
#include "dinolens/core/dicom_series_loader.h"
#include "dinolens/core/image_reader.h"
#include "dinolens/core/nifti_reader.h"

namespace dinolens::core {
namespace {

Result<SeriesInfo> describeFile(const std::filesystem::path& path)
{
    return hasNiftiExtension(path) ? describeNifti(path) : describeImage(path);
}

// Files a DICOM folder often carries beside the images (and the dataset's label files) that are never DICOM.
bool isKnownNonDicom(const std::filesystem::path& path)
{
    static const char* const kExtensions[]
        = { ".txt", ".yaml", ".yml", ".json", ".md", ".csv", ".html", ".xml", ".pdf" };
    const std::string ext = path.extension().string();
    return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ext == e; });
}

// The name says NIfTI or image and the content does not say DICOM: a DICOM file named .png still goes to DCMTK.
bool isNonDicomByName(const std::filesystem::path& path)
{
    return (hasNiftiExtension(path) || hasImageExtension(path)) && !dicom::looksLikeDicom(path.string());
}

// NIfTI files and images: one study per folder, one series per file.
void addNonDicomFiles(const std::vector<std::filesystem::path>& files, ScanResult& result)
{
    std::map<std::string, std::size_t> studyOfFolder;
    for (const auto& file : files) {
        auto series = describeFile(file);
        if (!series) {
            result.skipped.push_back({ file.string(), series.error() });
            continue;
        }
        const std::string folder = file.parent_path().string();
        auto [it, inserted] = studyOfFolder.try_emplace(folder, result.studies.size());
        if (inserted) {
            StudyInfo study;
            study.studyInstanceUid = folder;
            study.studyDescription = file.parent_path().filename().string();
            result.studies.push_back(std::move(study));
        }
        auto& study = result.studies[it->second];
        series->seriesNumber = static_cast<int>(study.series.size()) + 1;
        study.series.push_back(std::move(*series));
    }
}

Result<ScanResult> scanFolder(const std::filesystem::path& folder, const DicomScanOptions& options)
{
    std::vector<std::filesystem::path> dicomCandidates;
    std::vector<std::filesystem::path> others;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(
             folder, std::filesystem::directory_options::skip_permission_denied, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        // Hidden files are never part of a study: a writer's temporaries (".partial-*", renamed into place when
        // whole, so a folder that is filling up can be scanned) and markers such as the retrieve cache's ".last-used".
        if (!it->is_regular_file(ec) || it->path().filename().string().front() == '.') {
            continue;
        }
        const auto& p = it->path();
        if (isNonDicomByName(p)) {
            others.push_back(p);
        } else if (!isKnownNonDicom(p)) {
            dicomCandidates.push_back(p);
        }
    }
    if (ec) {
        return makeError(ErrorCode::Unreadable, "cannot list folder: " + ec.message(), folder.string());
    }
    std::sort(dicomCandidates.begin(), dicomCandidates.end());
    std::sort(others.begin(), others.end());
    auto result = scanDicomFiles(dicomCandidates, options);
    if (!result) {
        return result;
    }
    addNonDicomFiles(others, *result);
    return result;
}

} // namespace

Result<ScanResult> scanPath(const std::filesystem::path& path, const DicomScanOptions& options)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return makeError(ErrorCode::NotFound, "no such file or folder", path.string());
    }
    if (std::filesystem::is_directory(path, ec)) {
        return scanFolder(path, options);
    }
    if (isNonDicomByName(path)) {
        ScanResult result;
        addNonDicomFiles({ path }, result);
        if (result.studies.empty()) {
            return result.skipped.front().error;
        }
        return result;
    }
    return scanDicom(path, options);
}

Result<Volume> loadSeries(const SeriesInfo& series, const VolumeLoadOptions& options)
{
    switch (series.kind) {
    case SourceKind::Dicom:
        return loadDicomSeries(series, options);
    case SourceKind::Nifti:
        return loadNifti(series.instances.at(0).path, options);
    case SourceKind::Image:
        return loadImage(series.instances.at(0).path, options);
    }
    return makeError(ErrorCode::Internal, "unknown source kind");
}

Result<Volume> loadVolume(const std::filesystem::path& path, const VolumeLoadOptions& options)
{
    DicomScanOptions scanOptions;
    scanOptions.threads = options.threads;
    scanOptions.cancel = options.cancel;
    auto scan = scanPath(path, scanOptions);
    if (!scan) {
        return scan.error();
    }
    if (scan->studies.empty()) {
        if (!scan->skipped.empty()) {
            return scan->skipped.front().error;
        }
        return makeError(ErrorCode::NotFound, "no images found", path.string());
    }
    return loadSeries(scan->studies.front().series.front(), options);
}

} // namespace dinolens::core
