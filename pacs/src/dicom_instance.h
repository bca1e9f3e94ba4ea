#pragma once
// One DICOM instance as it arrives from a PACS: parsed (DCMTK) before anything is written, so garbage never becomes
// a file, and written atomically into <destination>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "dinolens/core/result.h"
#include "dinolens/pacs/pacs_client.h"

class DcmDataset;

namespace dinolens::pacs::detail {

struct InstanceIdentity {
    std::string studyUid;
    std::string seriesUid;
    std::string sopInstanceUid;
    std::string sopClassUid;
    std::string transferSyntaxUid;
};

/// Parses a Part 10 file (or a bare dataset) held in memory. Errors: InvalidFormat (not DICOM, UIDs missing or not
/// usable as file names), UnsupportedFormat (a transfer syntax DCMTK does not know).
core::Result<InstanceIdentity> identifyInstance(std::string_view bytes, const std::string& context);

/// The identity of a dataset received over DIMSE. Errors as identifyInstance.
core::Result<InstanceIdentity> identifyDataset(DcmDataset& dataset, const std::string& context);

/// <destination>/<series>/<sop>.dcm
std::filesystem::path instancePath(const std::filesystem::path& destination, const InstanceIdentity& identity);

/// Writes bytes received over DICOMweb, bit for bit. Errors: Unwritable.
core::Result<RetrievedInstance> writeInstanceBytes(
    const std::filesystem::path& destination, const InstanceIdentity& identity, std::string_view bytes);

/// A dataset received over DIMSE, written to its temporary file in its own transfer syntax but not yet flushed and
/// moved into place: `commit` does that (fsync, rename), on any thread. Errors: Unwritable.
core::Result<std::function<core::Result<RetrievedInstance>()>> prepareInstanceDataset(
    const std::filesystem::path& destination, const InstanceIdentity& identity, DcmDataset& dataset);

/// Reads a whole file for sending, checking it is DICOM. Errors: NotFound, Unreadable, InvalidFormat.
core::Result<std::string> readDicomFile(const std::filesystem::path& path, InstanceIdentity& identity);

} // namespace dinolens::pacs::detail
