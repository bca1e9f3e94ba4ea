#include "dicom_directory.h"

#include <algorithm>
#include <cctype>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dicom_file.h"
#include "dicom_tags.h"

namespace dinolens::core::dicom {
namespace {

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// ReferencedFileID components are upper-case ISO 9660 names; copied media often arrive lower-cased.
std::filesystem::path resolveReference(const std::filesystem::path& folder, const std::string& fileId)
{
    std::filesystem::path exact = folder;
    std::filesystem::path lower = folder;
    std::string component;
    const auto flush = [&] {
        if (!component.empty()) {
            exact /= component;
            std::string l = component;
            std::transform(l.begin(), l.end(), l.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            lower /= l;
            component.clear();
        }
    };
    for (char c : fileId) {
        if (c == '\\') {
            flush();
        } else if (c != ' ') {
            component += c;
        }
    }
    flush();
    std::error_code ec;
    return !std::filesystem::exists(exact, ec) && std::filesystem::exists(lower, ec) ? lower : exact;
}

}  // namespace

bool isDicomDirectory(const std::filesystem::path& path)
{
    if (upper(path.filename().string()) == "DICOMDIR") {
        return true;
    }
    auto file = openDicomFile(path.string(), /*headerOnly=*/true);
    if (!file || (*file)->format.getMetaInfo() == nullptr) {
        return false;
    }
    return getString(*(*file)->format.getMetaInfo(), DCM_MediaStorageSOPClassUID) == UID_MediaStorageDirectoryStorage;
}

Result<std::vector<std::filesystem::path>> readDicomDirectory(const std::filesystem::path& path)
{
    auto file = openDicomFile(path.string(), /*headerOnly=*/false);
    if (!file) {
        return file.error();
    }
    DcmDataset& ds = (*file)->dataset();
    std::vector<std::filesystem::path> files;
    DcmItem* record = nullptr;
    for (signed long i = 0; ds.findAndGetSequenceItem(DCM_DirectoryRecordSequence, record, i).good(); ++i) {
        const std::string fileId = getString(*record, DCM_ReferencedFileID);
        if (!fileId.empty()) {
            files.push_back(resolveReference(path.parent_path(), fileId));
        }
    }
    return files;
}

}  // namespace dinolens::core::dicom
