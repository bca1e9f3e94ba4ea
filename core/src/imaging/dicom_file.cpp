#include "dicom_file.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include "dicom_nesting_check.h"
#include "dicom_text_conversion.h"

namespace dinolens::core::dicom {

void initializeDcmtk()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // DCMTK logs every oddity of real files to stderr; our callers get the errors as values instead.
        OFLog::configure(OFLogger::FATAL_LOG_LEVEL);
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
    });
}

std::string DicomFile::transferSyntaxUid()
{
    OFString uid;
    if (format.getMetaInfo() != nullptr && format.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, uid).good()
        && !uid.empty()) {
        return uid.c_str();
    }
    const DcmXfer xfer(transferSyntax());
    return xfer.getXferID();
}

bool looksLikeDicom(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 132> head {};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    const auto got = in.gcount();
    if (got >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
        return true;
    }
    if (got < 8) {
        return false;
    }
    // No preamble: the first element's group is 0002 (meta) or a low dataset group, in either byte order.
    const unsigned little = head[0] | (head[1] << 8);
    const unsigned big = (head[0] << 8) | head[1];
    const auto plausible = [](unsigned group) { return group == 0x0002 || group == 0x0008 || group == 0x0010; };
    return plausible(little) || plausible(big);
}

Result<std::unique_ptr<DicomFile>> openDicomFile(const std::string& path, bool headerOnly)
{
    initializeDcmtk();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return makeError(ErrorCode::NotFound, "file does not exist", path);
    }
    if (!looksLikeDicom(path)) {
        return makeError(ErrorCode::InvalidFormat, "not a DICOM file (no DICM preamble and no DICOM header)", path);
    }
    if (auto nesting = checkSequenceNesting(path); !nesting) {
        return nesting.error();
    }
    auto file = std::make_unique<DicomFile>();
    file->path = path;
    const Uint32 maxReadLength = headerOnly ? 4096 : DCM_MaxReadLength;
    const OFCondition status
        = file->format.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, maxReadLength, ERM_autoDetect);
    if (status.bad()) {
        const bool truncated = status == EC_StreamNotifyClient || status == EC_PrematureSequDelimitationItem
            || std::string(status.text()).find("remature") != std::string::npos;
        return makeError(truncated ? ErrorCode::Truncated : ErrorCode::InvalidFormat,
            std::string("cannot read DICOM data: ") + status.text(), path);
    }
    convertTextToUtf8(file->dataset());
    return file;
}

std::string transferSyntaxName(const std::string& uid)
{
    const DcmXfer xfer(uid.c_str());
    if (xfer.getXfer() == EXS_Unknown) {
        return "unknown transfer syntax " + uid;
    }
    return xfer.getXferName();
}

} // namespace dinolens::core::dicom
