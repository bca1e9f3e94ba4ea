#include "segment_inputs.h"

#include <algorithm>
#include <set>

#include "dinolens/core/study_reader.h"

namespace dinolens::app {
namespace {

std::string sanitized(std::string text)
{
    for (char& c : text) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_' || c == '.';
        c = keep ? c : '_';
    }
    return text.empty() ? std::string("volume") : text;
}

std::string seriesFolderName(const core::SeriesInfo& series)
{
    if (series.kind != core::SourceKind::Dicom && !series.instances.empty()) {
        return inputStem(series.instances.front().path);
    }
    std::string name = "series-" + std::to_string(series.seriesNumber);
    if (!series.description.empty()) {
        name += "-" + series.description;
    }
    return sanitized(name);
}

} // namespace

std::string inputStem(const std::string& input)
{
    std::filesystem::path path = std::filesystem::path(input).lexically_normal();
    if (!path.has_filename()) {
        path = path.parent_path();
    }
    std::string name = path.filename().string();
    if (name == "DICOMDIR" && path.has_parent_path()) {
        name = path.parent_path().filename().string();
    }
    for (const char* suffix : { ".nii.gz", ".nii", ".dcm", ".png", ".jpg", ".jpeg" }) {
        const std::string s = suffix;
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            name.resize(name.size() - s.size());
            break;
        }
    }
    return sanitized(name);
}

core::Result<std::vector<SegmentTarget>> segmentTargets(const std::string& input, const std::filesystem::path& base)
{
    std::error_code error;
    if (!std::filesystem::exists(input, error)) {
        return core::makeError(core::ErrorCode::NotFound, "no such file or folder", input);
    }
    auto scan = core::scanPath(input);
    if (!scan) {
        return scan.error();
    }
    std::vector<const core::SeriesInfo*> found;
    for (const core::StudyInfo& study : scan->studies) {
        for (const core::SeriesInfo& series : study.series) {
            if (!series.instances.empty()) {
                found.push_back(&series);
            }
        }
    }
    if (found.empty()) {
        std::string reason = "no NIfTI volume, DICOM series or image found";
        if (!scan->skipped.empty()) {
            reason += " (" + scan->skipped.front().path + ": " + scan->skipped.front().error.message + ")";
        }
        return core::makeError(core::ErrorCode::NotFound, reason, input);
    }
    std::vector<SegmentTarget> targets;
    std::set<std::string> used;
    for (const core::SeriesInfo* series : found) {
        SegmentTarget target { input, *series, base };
        if (found.size() > 1) {
            std::string name = seriesFolderName(*series);
            for (int n = 2; used.count(name) != 0; ++n) {
                name = seriesFolderName(*series) + "-" + std::to_string(n);
            }
            used.insert(name);
            target.folder = base / name;
            target.input = input + " [" + name + "]";
        }
        targets.push_back(std::move(target));
    }
    return targets;
}

} // namespace dinolens::app
