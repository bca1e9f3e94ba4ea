#include "dinolens/core/tumor_dataset.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <system_error>
#include <utility>

namespace dinolens::core {

namespace fs = std::filesystem;

namespace {

bool isImageExtension(const fs::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".jpg" || extension == ".jpeg" || extension == ".png" || extension == ".bmp"
        || extension == ".tif" || extension == ".tiff";
}

// Regular files of a folder, keyed by file name so that iteration order is byte-wise and deterministic.
Result<std::map<std::string, fs::path>> listFiles(const fs::path& folder)
{
    std::map<std::string, fs::path> files;
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::error_code typeError;
        if (it->is_regular_file(typeError)) {
            files.emplace(it->path().filename().string(), it->path());
        }
    }
    if (ec) {
        return makeError(ErrorCode::Unreadable, "cannot list the folder: " + ec.message(), folder.string());
    }
    return files;
}

// Label files by stem; a missing folder is a warning, not an error, so that unlabelled images can be listed.
Result<std::map<std::string, fs::path>> listLabels(const fs::path& labelFolder, std::vector<std::string>& warnings)
{
    std::map<std::string, fs::path> labels;
    std::error_code ec;
    if (!fs::is_directory(labelFolder, ec)) {
        warnings.push_back("no 'labels' folder at " + labelFolder.string() + "; every image lacks a label");
        return labels;
    }
    auto listed = listFiles(labelFolder);
    if (!listed) {
        return listed.error();
    }
    for (auto& [name, path] : *listed) {
        if (path.extension() == ".txt") {
            labels.emplace(path.stem().string(), path);
        }
    }
    return labels;
}

void addLayoutWarnings(TumorSplit& split)
{
    std::sort(split.orphanLabels.begin(), split.orphanLabels.end());
    const auto missing
        = std::count_if(split.samples.begin(), split.samples.end(), [](const TumorSample& s) { return !s.labelPath; });
    if (missing > 0) {
        split.warnings.push_back(std::to_string(missing) + " image(s) without a label file");
    }
    if (!split.orphanLabels.empty()) {
        split.warnings.push_back(std::to_string(split.orphanLabels.size()) + " label file(s) without an image");
    }
}

void addMessage(TumorSplitStatistics& statistics, std::string message)
{
    if (statistics.messages.size() < TumorSplitStatistics::kMaxMessages) {
        statistics.messages.push_back(std::move(message));
    }
}

void countLabel(const PolygonLabel& label, TumorSplitStatistics& statistics)
{
    std::array<bool, kTumorClassCount> present {};
    for (const TumorPolygon& polygon : label.polygons) {
        ++statistics.polygonsPerClass[polygon.classId];
        present[polygon.classId] = true;
    }
    for (int c = 1; c < kTumorClassCount; ++c) {
        statistics.imagesPerClass[static_cast<std::size_t>(c)] += present[static_cast<std::size_t>(c)] ? 1 : 0;
    }
    if (label.polygons.empty()) {
        ++statistics.imagesWithoutTumor;
    }
    for (const LabelProblem& problem : label.problems) {
        if (problem.skipsPolygon()) {
            ++statistics.skippedPolygonsByReason[static_cast<std::size_t>(problem.kind)];
        } else {
            ++statistics.clampedPolygons;
        }
        addMessage(statistics, problem.message);
    }
}

} // namespace

int TumorSplitStatistics::skippedPolygons() const
{
    int total = 0;
    for (int count : skippedPolygonsByReason) {
        total += count;
    }
    return total;
}

Result<TumorSplit> listTumorSplit(const fs::path& root, const std::string& split)
{
    const fs::path splitFolder = root / split;
    const fs::path imageFolder = splitFolder / "images";
    std::error_code ec;
    if (!fs::is_directory(splitFolder, ec)) {
        return makeError(ErrorCode::NotFound,
            "split folder '" + split + "' does not exist; expected <root>/" + split + "/images and <root>/" + split
                + "/labels",
            splitFolder.string());
    }
    if (!fs::is_directory(imageFolder, ec)) {
        return makeError(ErrorCode::NotFound, "the split has no 'images' folder", imageFolder.string());
    }
    auto images = listFiles(imageFolder);
    if (!images) {
        return images.error();
    }
    TumorSplit result;
    result.root = root;
    result.name = split;
    auto labels = listLabels(splitFolder / "labels", result.warnings);
    if (!labels) {
        return labels.error();
    }
    for (const auto& [name, path] : *images) {
        if (!isImageExtension(path)) {
            continue;
        }
        TumorSample sample { path.stem().string(), path, std::nullopt };
        if (const auto it = labels->find(sample.stem); it != labels->end()) {
            sample.labelPath = it->second;
            labels->erase(it);
        }
        result.samples.push_back(std::move(sample));
    }
    if (result.samples.empty()) {
        return makeError(ErrorCode::InvalidFormat, "the images folder holds no image (.jpg, .jpeg, .png, .bmp, .tif)",
            imageFolder.string());
    }
    for (auto& entry : *labels) {
        result.orphanLabels.push_back(std::move(entry.second));
    }
    addLayoutWarnings(result);
    return result;
}

Result<TumorSplitStatistics> computeSplitStatistics(
    const TumorSplit& split, const CancelToken& cancel, const ProgressSink& progress, const LabelParseOptions& options)
{
    TumorSplitStatistics statistics;
    const auto total = static_cast<long long>(split.samples.size());
    long long done = 0;
    for (const TumorSample& sample : split.samples) {
        if (cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "counting the labels was cancelled", split.name);
        }
        ++statistics.imageCount;
        if (!sample.labelPath) {
            ++statistics.imagesWithoutLabel;
            addMessage(statistics, sample.imagePath.string() + ": no label file");
        } else if (auto label = readPolygonLabel(*sample.labelPath, options)) {
            countLabel(*label, statistics);
        } else {
            ++statistics.invalidLabels;
            addMessage(statistics, label.error().toString());
        }
        ++done;
        if (progress && (done % 64 == 0 || done == total)) {
            progress(done, total, "labels");
        }
    }
    return statistics;
}

} // namespace dinolens::core
