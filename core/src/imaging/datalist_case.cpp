#include "dinolens/core/datalist_case.h"

#include <cmath>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"

namespace dinolens::core {
namespace {

bool isNiftiPath(const std::filesystem::path& path)
{
    const std::string name = path.filename().string();
    const auto endsWith = [&](const std::string& suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return endsWith(".nii") || endsWith(".nii.gz");
}

Error named(const Error& error, const DatalistEntry& entry, const std::string& what)
{
    return makeError(error.code,
        what + ": " + error.message + (error.context.empty() ? "" : " (" + error.context + ")"), entry.name);
}

} // namespace

std::string volumeShape(const std::array<int, 3>& dims)
{
    return std::to_string(dims[0]) + "x" + std::to_string(dims[1]) + "x" + std::to_string(dims[2]);
}

Result<DatalistCase> loadDatalistCase(
    const Datalist& datalist, const DatalistEntry& entry, const VolumeLoadOptions& options)
{
    if (entry.label.empty()) {
        return makeError(ErrorCode::InvalidFormat, "the entry has no label", entry.name);
    }
    auto image = loadVolume(entry.image, options);
    if (!image) {
        return named(image.error(), entry, "image " + entry.image.string());
    }
    DatalistCase loaded;
    std::error_code ec;
    if (std::filesystem::is_regular_file(entry.label, ec) && !isNiftiPath(entry.label)) {
        // A single non-NIfTI file: a DICOM SEG of the image series.
        auto segmentation = readDicomSeg(entry.label);
        if (!segmentation) {
            return named(segmentation.error(), entry, "label " + entry.label.string());
        }
        auto mask = dicomSegToMask(*segmentation, *image);
        if (!mask) {
            return named(mask.error(), entry, "label " + entry.label.string() + " does not fit the image");
        }
        loaded.label = std::move(*mask);
    } else {
        auto label = loadVolume(entry.label, options);
        if (!label) {
            return named(label.error(), entry, "label " + entry.label.string());
        }
        if (label->dims != image->dims) {
            return makeError(ErrorCode::InvalidFormat,
                "the label's shape " + volumeShape(label->dims) + " differs from the image's "
                    + volumeShape(image->dims),
                entry.name);
        }
        loaded.label = LabelMask::zeros(image->dims[0], image->dims[1], image->dims[2]);
        const size_t plane = label->sliceVoxelCount();
        for (int k = 0; k < label->dims[2]; ++k) {
            const std::vector<float> values = label->sliceValues(k);
            for (size_t i = 0; i < plane; ++i) {
                const long value = std::lround(values[i]);
                loaded.label.labels[plane * static_cast<size_t>(k) + i] = value >= 0 && value < 256
                    ? static_cast<std::uint8_t>(datalist.classOfLabelValue[static_cast<size_t>(value)])
                    : std::uint8_t { 0 };
            }
        }
    }
    loaded.label.spacing = image->spacing;
    loaded.image = std::move(*image);
    return loaded;
}

} // namespace dinolens::core
