#pragma once
// Private: keeping the server to the files a request uploaded. A DICOMDIR lists other files by path; read on
// the server, an uploaded one could make it open any DICOM file on its disk (another patient's images) or reveal
// which paths exist. Uploads that are DICOMDIRs are refused before anything reads them, and what a scan of an
// upload found is checked to lie inside the upload's own folder. Thread-safety: reentrant.

#include <filesystem>
#include <string_view>

namespace dinolens::server {

/// True when the bytes carry the DICOMDIR SOP class (Media Storage Directory Storage, 1.2.840.10008.1.3.10)
/// anywhere, as the meta header of a DICOMDIR does. Errs on the side of refusing: the UID (or a longer one it
/// begins) is matched wherever it appears, whatever the header's encoding.
bool looksLikeDicomDirectory(std::string_view bytes);

/// True when `path` names something inside `folder` (after resolving "..", symbolic links and case as stored).
bool isInsideFolder(const std::filesystem::path& folder, const std::filesystem::path& path);

} // namespace dinolens::server
