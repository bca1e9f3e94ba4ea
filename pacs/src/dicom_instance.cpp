#include "dicom_instance.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <fstream>
#include <sstream>

#include "dinolens/core/atomic_file.h"
#include "dinolens/pacs/retrieve_cache.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

std::string stringOf(DcmItem& item, const DcmTagKey& tag)
{
    OFString value;
    if (item.findAndGetOFString(tag, value).good()) {
        return std::string(value.c_str());
    }
    return {};
}

core::Result<InstanceIdentity> identityOf(
    DcmDataset& dataset, std::string transferSyntaxUid, const std::string& context)
{
    InstanceIdentity identity;
    identity.studyUid = stringOf(dataset, DCM_StudyInstanceUID);
    identity.seriesUid = stringOf(dataset, DCM_SeriesInstanceUID);
    identity.sopInstanceUid = stringOf(dataset, DCM_SOPInstanceUID);
    identity.sopClassUid = stringOf(dataset, DCM_SOPClassUID);
    identity.transferSyntaxUid = std::move(transferSyntaxUid);
    if (!isSafeUid(identity.seriesUid) || !isSafeUid(identity.sopInstanceUid)) {
        return makeError(ErrorCode::InvalidFormat,
            "the instance has no usable Series or SOP Instance UID (digits and dots, at most 64)", context);
    }
    if (identity.transferSyntaxUid.empty() || DcmXfer(identity.transferSyntaxUid.c_str()).getXfer() == EXS_Unknown) {
        return makeError(ErrorCode::UnsupportedFormat,
            "unexpected transfer syntax '" + identity.transferSyntaxUid + "': DCMTK cannot decode it", context);
    }
    return identity;
}

} // namespace

core::Result<InstanceIdentity> identifyInstance(std::string_view bytes, const std::string& context)
{
    if (bytes.empty()) {
        return makeError(ErrorCode::InvalidFormat, "an empty part instead of a DICOM instance", context);
    }
    DcmInputBufferStream stream;
    stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
    stream.setEos();
    DcmFileFormat file;
    file.transferInit();
    const OFCondition status = file.read(stream);
    file.transferEnd();
    if (status.bad()) {
        return makeError(ErrorCode::InvalidFormat, std::string("not a DICOM instance: ") + status.text(), context);
    }
    std::string transferSyntax = stringOf(*file.getMetaInfo(), DCM_TransferSyntaxUID);
    if (transferSyntax.empty()) {
        const char* uid = DcmXfer(file.getDataset()->getOriginalXfer()).getXferID();
        transferSyntax = uid == nullptr ? "" : uid;
    }
    return identityOf(*file.getDataset(), transferSyntax, context);
}

core::Result<InstanceIdentity> identifyDataset(DcmDataset& dataset, const std::string& context)
{
    const char* uid = DcmXfer(dataset.getOriginalXfer()).getXferID();
    return identityOf(dataset, uid == nullptr ? "" : uid, context);
}

std::filesystem::path instancePath(const std::filesystem::path& destination, const InstanceIdentity& identity)
{
    return destination / identity.seriesUid / (identity.sopInstanceUid + ".dcm");
}

namespace {

core::Result<RetrievedInstance> writtenInstance(
    const std::filesystem::path& destination, const InstanceIdentity& identity, const core::Status& written)
{
    if (!written) {
        return written.error();
    }
    RetrievedInstance instance;
    instance.file = instancePath(destination, identity);
    instance.seriesUid = identity.seriesUid;
    instance.sopInstanceUid = identity.sopInstanceUid;
    instance.transferSyntaxUid = identity.transferSyntaxUid;
    std::error_code error;
    instance.bytes = std::filesystem::file_size(instance.file, error);
    return instance;
}

core::Status makeSeriesFolder(const std::filesystem::path& destination, const InstanceIdentity& identity)
{
    std::error_code error;
    std::filesystem::create_directories(destination / identity.seriesUid, error);
    if (error) {
        return makeError(ErrorCode::Unwritable, "cannot create the folder: " + error.message(),
            (destination / identity.seriesUid).string());
    }
    return core::okStatus();
}

} // namespace

core::Result<RetrievedInstance> writeInstanceBytes(
    const std::filesystem::path& destination, const InstanceIdentity& identity, std::string_view bytes)
{
    if (auto folder = makeSeriesFolder(destination, identity); !folder) {
        return folder.error();
    }
    return writtenInstance(
        destination, identity, core::writeFileAtomically(instancePath(destination, identity), bytes));
}

core::Result<std::function<core::Result<RetrievedInstance>()>> prepareInstanceDataset(
    const std::filesystem::path& destination, const InstanceIdentity& identity, DcmDataset& dataset)
{
    if (auto folder = makeSeriesFolder(destination, identity); !folder) {
        return folder.error();
    }
    auto created = core::AtomicFile::create(instancePath(destination, identity));
    if (!created) {
        return created.error();
    }
    auto file = std::make_shared<core::AtomicFile>(std::move(*created));
    DcmFileFormat format(&dataset, false);
    const OFCondition saved = format.saveFile(file->temporaryPath().c_str(), dataset.getOriginalXfer());
    format.getAndRemoveDataset(); // the dataset stays the caller's
    if (saved.bad()) {
        return makeError(ErrorCode::Unwritable, std::string("DCMTK cannot write it: ") + saved.text(),
            instancePath(destination, identity).string());
    }
    // The temporary stays open in `file`, so its fsync also reports DCMTK's delayed write errors.
    return std::function<core::Result<RetrievedInstance>()>(
        [file, destination, identity] { return writtenInstance(destination, identity, file->commit()); });
}

core::Result<std::string> readDicomFile(const std::filesystem::path& path, InstanceIdentity& identity)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code error;
        return makeError(std::filesystem::exists(path, error) ? ErrorCode::Unreadable : ErrorCode::NotFound,
            "cannot open the file", path.string());
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in && !in.eof()) {
        return makeError(ErrorCode::Unreadable, "cannot read the file", path.string());
    }
    std::string content = std::move(bytes).str();
    auto found = identifyInstance(content, path.string());
    if (!found) {
        return found.error();
    }
    identity = std::move(*found);
    return content;
}

} // namespace dinolens::pacs::detail
