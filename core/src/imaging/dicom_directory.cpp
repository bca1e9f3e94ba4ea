#include "dicom_directory.h"

#include <algorithm>
#include <cctype>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dicom_file.h"
#include "dicom_tags.h"
#include "dinolens/core/dicom_directory_reference.h"

namespace dinolens::core::dicom {
namespace {

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

} // namespace

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
        if (fileId.empty()) {
            continue;
        }
        auto resolved = resolveDicomDirectoryReference(path.parent_path(), fileId);
        if (!resolved) {
            // One escaping record refuses the whole DICOMDIR: it was made to read files it does not own.
            return makeError(resolved.error().code,
                "refused: directory record " + std::to_string(i + 1) + " " + resolved.error().message, path.string());
        }
        files.push_back(std::move(*resolved));
    }
    return files;
}

} // namespace dinolens::core::dicom
