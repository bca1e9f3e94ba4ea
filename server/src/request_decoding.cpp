#include "request_decoding.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <fstream>

#include "dinolens/core/study_reader.h"
#include "dinolens/core/windowing.h"
#include "upload_names.h"
#include "upload_screening.h"

namespace dinolens::server {
namespace {

// The request's own folder under the scratch folder, removed with its contents when it goes out of scope.
class ScratchPath {
public:
    explicit ScratchPath(const std::filesystem::path& scratch)
    {
        static std::atomic<unsigned long long> counter { 0 };
        m_path = scratch / ("request-" + std::to_string(++counter));
        std::error_code error;
        m_created = std::filesystem::create_directory(m_path, error);
    }
    ~ScratchPath()
    {
        std::error_code error;
        std::filesystem::remove_all(m_path, error);
    }
    ScratchPath(const ScratchPath&) = delete;
    ScratchPath& operator=(const ScratchPath&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    bool created() const { return m_created; }

private:
    std::filesystem::path m_path;
    bool m_created = false;
};

HttpError directoryRefused(const std::string& label)
{
    return { 400, "dicomdir_refused",
        label + " is a DICOMDIR (a media directory); upload the image files it lists instead" };
}

bool writeBytes(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

core::VolumeLoadOptions loadOptions(const DecodeLimits& limits, int slices)
{
    core::VolumeLoadOptions options;
    options.threads = 1;
    // Refused by the readers before allocating: at most maxImageSide^2 float voxels per slice.
    options.maxBytes = static_cast<std::size_t>(limits.maxImageSide) * static_cast<std::size_t>(limits.maxImageSide)
        * 4u * static_cast<std::size_t>(std::max(1, slices));
    return options;
}

HttpError tooLarge(const core::Volume& volume, const DecodeLimits& limits)
{
    return { 413, "image_too_large",
        "image is " + std::to_string(volume.dims[0]) + " x " + std::to_string(volume.dims[1]) + " pixels; the limit is "
            + std::to_string(limits.maxImageSide) + " per side" };
}

uint32_t bigEndian(const std::string& bytes, size_t at, size_t count)
{
    uint32_t value = 0;
    for (size_t i = 0; i < count; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    return value;
}

// The size a PNG (IHDR) or JPEG (first SOFn) header claims, read before anything is decoded or allocated.
std::optional<std::pair<uint32_t, uint32_t>> claimedSize(const std::string& bytes)
{
    if (bytes.size() >= 24 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 && bytes.compare(12, 4, "IHDR") == 0) {
        return std::pair { bigEndian(bytes, 16, 4), bigEndian(bytes, 20, 4) };
    }
    size_t at = 2;
    if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF
        || static_cast<unsigned char>(bytes[1]) != 0xD8) {
        return std::nullopt;
    }
    while (at + 9 <= bytes.size() && static_cast<unsigned char>(bytes[at]) == 0xFF) {
        const auto marker = static_cast<unsigned char>(bytes[at + 1]);
        const bool startOfFrame
            = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            return std::pair { bigEndian(bytes, at + 7, 2), bigEndian(bytes, at + 5, 2) };
        }
        at += 2 + bigEndian(bytes, at + 2, 2);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> extensionForContentType(const std::string& contentType)
{
    std::string type = contentType.substr(0, contentType.find(';'));
    type.erase(
        std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c) != 0; }), type.end());
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (type == "image/png") {
        return ".png";
    }
    if (type == "image/jpeg" || type == "image/jpg") {
        return ".jpg";
    }
    if (type == "application/dicom") {
        return ".dcm";
    }
    return std::nullopt;
}

std::vector<std::uint8_t> greySlice(const core::Volume& volume, int k, const core::WindowLevel& window)
{
    auto windowed = core::windowSlice(volume, k, window);
    return windowed ? std::move(*windowed) : std::vector<std::uint8_t>(volume.sliceVoxelCount(), 0);
}

HttpResult<DecodedSlice> decodeSlice(const std::filesystem::path& scratch, const std::string& body,
    const std::string& label, const std::string& contentType, const DecodeLimits& limits)
{
    const auto extension = extensionForContentType(contentType);
    if (!extension) {
        return HttpError { 415, "unsupported_media_type",
            "Content-Type '" + contentType
                + "' is not image/png, image/jpeg, application/dicom or multipart/form-data" };
    }
    if (body.empty()) {
        return HttpError { 400, "empty_body", "the request body is empty" };
    }
    if (const auto size = claimedSize(body)) {
        const auto side = static_cast<uint32_t>(limits.maxImageSide);
        if (size->first > side || size->second > side) {
            return HttpError { 413, "image_too_large",
                "the image header claims " + std::to_string(size->first) + " x " + std::to_string(size->second)
                    + " pixels; the limit is " + std::to_string(limits.maxImageSide) + " per side" };
        }
    }
    if (looksLikeDicomDirectory(body)) {
        return directoryRefused(label);
    }
    const ScratchPath folder(scratch);
    const auto file = folder.path() / ("upload" + *extension);
    if (!folder.created() || !writeBytes(file, body)) {
        return HttpError { 500, "internal", "cannot store the upload" };
    }
    UploadNames names(folder.path());
    names.add(file, label);
    auto volume = core::loadVolume(file, loadOptions(limits, 1));
    if (!volume) {
        return names.httpError(volume.error());
    }
    if (volume->dims[0] > limits.maxImageSide || volume->dims[1] > limits.maxImageSide) {
        return tooLarge(*volume, limits);
    }
    if (volume->dims[2] != 1) {
        return HttpError { 422, "not_a_slice",
            "the upload holds " + std::to_string(volume->dims[2]) + " frames; send a series to /v1/segment/series" };
    }
    DecodedSlice slice;
    slice.width = volume->dims[0];
    slice.height = volume->dims[1];
    const bool plainImage = *extension != ".dcm";
    const auto values = volume->sliceValues(0);
    const bool eightBit
        = plainImage && std::all_of(values.begin(), values.end(), [](float v) { return v >= 0.0f && v <= 255.0f; });
    if (eightBit) {
        // Plain 8-bit images are used as stored, as the model was trained on them.
        slice.grey.resize(values.size());
        std::transform(values.begin(), values.end(), slice.grey.begin(),
            [](float v) { return static_cast<std::uint8_t>(v + 0.5f); });
    } else {
        slice.grey = greySlice(*volume, 0, core::defaultWindow(*volume));
    }
    if (!plainImage) {
        slice.spacingMm = std::array<double, 2> { volume->spacing[0], volume->spacing[1] };
    }
    return slice;
}

HttpResult<core::Volume> decodeSeries(
    const std::filesystem::path& scratch, const std::vector<UploadedFile>& files, const DecodeLimits& limits)
{
    if (files.empty()) {
        return HttpError { 400, "no_files", "the multipart upload holds no file part" };
    }
    if (static_cast<int>(files.size()) > limits.maxSlices) {
        return HttpError { 413, "too_many_files", "at most " + std::to_string(limits.maxSlices) + " files" };
    }
    for (const UploadedFile& file : files) {
        if (looksLikeDicomDirectory(file.bytes)) {
            return directoryRefused(file.label);
        }
    }
    const ScratchPath folder(scratch);
    if (!folder.created()) {
        return HttpError { 500, "internal", "cannot store the upload" };
    }
    UploadNames names(folder.path());
    for (size_t i = 0; i < files.size(); ++i) {
        const auto path = folder.path() / ("instance-" + std::to_string(i) + ".dcm");
        if (!writeBytes(path, files[i].bytes)) {
            return HttpError { 500, "internal", "cannot store the upload" };
        }
        names.add(path, files[i].label);
    }
    core::DicomScanOptions scanOptions;
    scanOptions.threads = 1;
    auto scan = core::scanPath(folder.path(), scanOptions);
    if (!scan) {
        return names.httpError(scan.error());
    }
    const core::SeriesInfo* best = nullptr;
    for (const auto& study : scan->studies) {
        for (const auto& series : study.series) {
            if (best == nullptr || series.instances.size() > best->instances.size()) {
                best = &series;
            }
        }
    }
    if (best == nullptr) {
        const std::string first
            = scan->skipped.empty() ? "" : " (" + names.clientText(scan->skipped.front().error.toString()) + ")";
        return HttpError { 400, "invalid_image", "no readable DICOM series in the upload" + first };
    }
    for (const core::InstanceInfo& instance : best->instances) {
        if (!isInsideFolder(folder.path(), instance.path)) {
            return HttpError { 400, "outside_upload", "the upload refers to files it does not contain" };
        }
    }
    auto volume = core::loadSeries(*best, loadOptions(limits, limits.maxSlices));
    if (!volume) {
        return names.httpError(volume.error());
    }
    if (volume->dims[0] > limits.maxImageSide || volume->dims[1] > limits.maxImageSide) {
        return tooLarge(*volume, limits);
    }
    return std::move(*volume);
}

} // namespace dinolens::server
