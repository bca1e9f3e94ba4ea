// The files of a segmented volume: mask.nii.gz, segmentation.dcm, summary.json, lesions.csv and overlay.png.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/json_text.h"
#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/report_figures.h"
#include "dinolens/core/windowing.h"
#include "dinolens/inference/volume_segmentation.h"

namespace dinolens::inference {
namespace {

using core::ErrorCode;
using core::makeError;

core::Status writeTextFile(const std::filesystem::path& path, const std::string& text)
{
    const std::filesystem::path partial = path.string() + ".partial";
    {
        std::ofstream stream(partial, std::ios::binary | std::ios::trunc);
        if (!stream || !(stream << text) || !stream.flush()) {
            return makeError(ErrorCode::Unwritable, "cannot write", path.string());
        }
    }
    std::error_code error;
    std::filesystem::rename(partial, path, error);
    if (error) {
        return makeError(ErrorCode::Unwritable, "cannot write: " + error.message(), path.string());
    }
    return core::okStatus();
}

bool isDicomVolume(const core::Volume& volume)
{
    return !volume.slices.empty() && !volume.slices.front().sopInstanceUid.empty();
}

// The slices to draw: those holding tumour (evenly spread when there are more than `count`), else the middle ones.
std::vector<int> montageSlices(const core::LabelMask& mask, int count)
{
    const size_t plane = static_cast<size_t>(mask.width()) * static_cast<size_t>(mask.height());
    std::vector<int> withTumour;
    for (int k = 0; k < mask.depth(); ++k) {
        const auto begin = mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<size_t>(k));
        if (std::any_of(begin, begin + static_cast<std::ptrdiff_t>(plane), [](uint8_t v) { return v != 0; })) {
            withTumour.push_back(k);
        }
    }
    std::vector<int> chosen;
    if (withTumour.empty()) {
        const int first = std::max(0, mask.depth() / 2 - count / 2);
        for (int k = first; k < std::min(mask.depth(), first + count); ++k) {
            chosen.push_back(k);
        }
        return chosen;
    }
    if (static_cast<int>(withTumour.size()) <= count) {
        return withTumour;
    }
    for (int n = 0; n < count; ++n) {
        chosen.push_back(withTumour[static_cast<size_t>(n) * (withTumour.size() - 1) / static_cast<size_t>(count - 1)]);
    }
    return chosen;
}

core::Status writeOverlay(
    const std::filesystem::path& path, const core::Volume& volume, const core::LabelMask& mask, int count)
{
    const core::WindowLevel window = core::defaultWindow(volume);
    const size_t plane = volume.sliceVoxelCount();
    std::vector<core::OverlayCase> cases;
    for (const int k : montageSlices(mask, std::max(1, count))) {
        auto grey = core::windowSlice(volume, k, window);
        if (!grey) {
            return grey.error();
        }
        core::LabelMask slice = core::LabelMask::zeros(mask.width(), mask.height());
        const auto begin = mask.labels.begin() + static_cast<std::ptrdiff_t>(plane * static_cast<size_t>(k));
        std::copy(begin, begin + static_cast<std::ptrdiff_t>(plane), slice.labels.begin());
        core::OverlayCase item;
        item.grey = std::move(*grey);
        item.truth = core::LabelMask::zeros(mask.width(), mask.height());
        item.predictions = { std::move(slice) };
        item.caption = "slice " + std::to_string(k + 1) + " of " + std::to_string(mask.depth());
        cases.push_back(std::move(item));
    }
    return core::writeOverlayMontagePng(path, cases, 256);
}

std::string formatNumber(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

nlohmann::json lesionJson(const core::LesionMeasurement& lesion)
{
    return { { "class", core::tumorClassName(lesion.classId) }, { "volume_ml", lesion.volumeMl },
        { "voxels", lesion.voxels }, { "centroid_lps_mm", lesion.centroidLps },
        { "longest_diameter_mm", lesion.longestDiameterMm },
        { "perpendicular_diameter_mm", lesion.perpendicularDiameterMm }, { "diameter_slice", lesion.diameterSlice },
        { "slices", { lesion.firstSlice, lesion.lastSlice } } };
}

} // namespace

std::string lesionsCsv(const std::vector<core::LesionMeasurement>& lesions)
{
    std::string csv = "lesion,class,volume_ml,centroid_l_mm,centroid_p_mm,centroid_s_mm,longest_diameter_mm,"
                      "perpendicular_diameter_mm,diameter_slice,first_slice,last_slice\n";
    int number = 0;
    for (const core::LesionMeasurement& lesion : lesions) {
        csv += std::to_string(++number) + "," + core::tumorClassName(lesion.classId) + ","
            + formatNumber(lesion.volumeMl, 4) + "," + formatNumber(lesion.centroidLps[0], 2) + ","
            + formatNumber(lesion.centroidLps[1], 2) + "," + formatNumber(lesion.centroidLps[2], 2) + ","
            + formatNumber(lesion.longestDiameterMm, 2) + "," + formatNumber(lesion.perpendicularDiameterMm, 2) + ","
            + std::to_string(lesion.diameterSlice) + "," + std::to_string(lesion.firstSlice) + ","
            + std::to_string(lesion.lastSlice) + "\n";
    }
    return csv;
}

core::Result<VolumeReport> writeVolumeReport(const std::filesystem::path& folder, const core::Volume& volume,
    const VolumeSegmentation& segmentation, const VolumeReportOptions& options)
{
    const core::LabelMask& mask = segmentation.mask;
    if (!mask.isValid() || mask.dims != volume.dims) {
        return makeError(ErrorCode::InvalidArgument, "the mask does not fit the volume", options.input);
    }
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) {
        return makeError(ErrorCode::Unwritable, "cannot create the folder: " + error.message(), folder.string());
    }
    VolumeReport report;
    const core::MaskGeometry geometry { volume.origin, volume.direction };
    auto lesions = core::measureLesions(mask, geometry);
    if (!lesions) {
        return lesions.error();
    }
    report.lesions = std::move(*lesions);

    const std::filesystem::path nifti = folder / "mask.nii.gz";
    if (auto status = core::writeNiftiLabelMask(nifti, mask, geometry); !status) {
        return status.error();
    }
    report.files.push_back(nifti);
    const bool anyTumour = std::any_of(mask.labels.begin(), mask.labels.end(), [](uint8_t v) { return v != 0; });
    if (isDicomVolume(volume) && anyTumour) {
        const std::filesystem::path seg = folder / "segmentation.dcm";
        if (auto status = core::writeDicomSeg(seg, mask, volume); !status) {
            return status.error();
        }
        report.files.push_back(seg);
    }

    const std::array<double, 4> volumes = core::classVolumesMl(mask);
    nlohmann::json volumesMl = nlohmann::json::object();
    for (int c = 1; c < core::kTumorClassCount; ++c) {
        volumesMl[core::tumorClassName(c)] = volumes[static_cast<size_t>(c)];
    }
    nlohmann::json lesionList = nlohmann::json::array();
    for (const core::LesionMeasurement& lesion : report.lesions) {
        lesionList.push_back(lesionJson(lesion));
    }
    const nlohmann::json summary = { { "input", options.input }, { "model", options.model },
        { "tumour_present", segmentation.tumorPresent }, { "tumour_probability", segmentation.tumorProbability },
        { "volumes_ml", volumesMl }, { "total_ml", volumes[1] + volumes[2] + volumes[3] }, { "slices", volume.dims[2] },
        { "planes", segmentation.threePlanes ? "three" : "acquired" }, { "dims", volume.dims },
        { "spacing_mm", volume.spacing }, { "lesions", lesionList } };
    report.summaryJson = core::jsonText(summary, 2) + "\n";
    for (const auto& [name, text] : { std::pair<const char*, std::string> { "summary.json", report.summaryJson },
             std::pair<const char*, std::string> { "lesions.csv", lesionsCsv(report.lesions) } }) {
        if (auto status = writeTextFile(folder / name, text); !status) {
            return status.error();
        }
        report.files.push_back(folder / name);
    }
    if (auto status = writeOverlay(folder / "overlay.png", volume, mask, options.montageSlices); !status) {
        return status.error();
    }
    report.files.push_back(folder / "overlay.png");
    return report;
}

} // namespace dinolens::inference
