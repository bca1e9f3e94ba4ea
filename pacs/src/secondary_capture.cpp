#include "dinolens/pacs/secondary_capture.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <ctime>

#include "dinolens/core/atomic_file.h"

namespace dinolens::pacs {
namespace {

using core::ErrorCode;
using core::makeError;

// Patient, study and frame of reference: the SC is filed under the study of its source.
const DcmTagKey kCopied[] = { DCM_PatientName, DCM_PatientID, DCM_PatientBirthDate, DCM_PatientSex,
    DCM_StudyInstanceUID, DCM_StudyDate, DCM_StudyTime, DCM_StudyID, DCM_AccessionNumber, DCM_ReferringPhysicianName,
    DCM_StudyDescription, DCM_FrameOfReferenceUID, DCM_PatientIdentityRemoved, DCM_DeidentificationMethod };

std::string newUid(const char* root)
{
    char uid[100];
    return dcmGenerateUniqueIdentifier(uid, root);
}

std::string today(const char* format)
{
    const std::time_t now = std::time(nullptr);
    std::tm local {};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, format, &local);
    return text;
}

core::Status fill(DcmDataset& target, const SecondaryCaptureImage& image, const std::string& seriesUid, int number,
    const SecondaryCaptureOptions& options, std::string& sopUid)
{
    DcmFileFormat source;
    const OFCondition read = source.loadFile(image.sourceFile.c_str());
    if (read.bad()) {
        return makeError(
            ErrorCode::Unreadable, std::string("cannot read the source DICOM file: ") + read.text(), image.sourceFile);
    }
    DcmDataset* from = source.getDataset();
    // The copied names and our comment (translated text) share one character set: UTF-8 (DCMTK converts through
    // iconv). Where the source's set cannot be converted, its values and its set are copied as they are, and the
    // comment only if it is plain ASCII (the image shows it anyway).
    const bool utf8 = from->convertToUTF8().good();
    OFString sourceCharset;
    from->findAndGetOFStringArray(DCM_SpecificCharacterSet, sourceCharset);
    if (utf8) {
        target.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
    } else if (!sourceCharset.empty()) {
        target.putAndInsertOFStringArray(DCM_SpecificCharacterSet, sourceCharset);
    }
    const bool asciiComment = std::all_of(
        image.comment.begin(), image.comment.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    for (const DcmTagKey& key : kCopied) {
        OFString value;
        if (from->findAndGetOFStringArray(key, value).good()) {
            target.putAndInsertOFStringArray(key, value);
        } else if (key == DCM_PatientName || key == DCM_PatientID || key == DCM_PatientBirthDate
            || key == DCM_PatientSex || key == DCM_StudyDate || key == DCM_StudyTime || key == DCM_StudyID
            || key == DCM_AccessionNumber || key == DCM_ReferringPhysicianName) {
            target.insertEmptyElement(key); // type 2
        }
    }
    OFString studyUid;
    if (target.findAndGetOFString(DCM_StudyInstanceUID, studyUid).bad() || studyUid.empty()) {
        return makeError(ErrorCode::InvalidFormat, "the source file has no Study Instance UID", image.sourceFile);
    }
    sopUid = newUid(SITE_INSTANCE_UID_ROOT);
    const std::string date = today("%Y%m%d");
    const std::string time = today("%H%M%S");
    target.putAndInsertString(DCM_SOPClassUID, UID_SecondaryCaptureImageStorage);
    target.putAndInsertString(DCM_SOPInstanceUID, sopUid.c_str());
    target.putAndInsertString(DCM_SeriesInstanceUID, seriesUid.c_str());
    target.putAndInsertString(DCM_Modality, "OT");
    target.putAndInsertString(DCM_ConversionType, "WSD"); // workstation
    target.putAndInsertString(DCM_SeriesDescription, options.seriesDescription.c_str());
    target.putAndInsertString(DCM_SeriesNumber, std::to_string(options.seriesNumber).c_str());
    target.putAndInsertString(DCM_InstanceNumber, std::to_string(number).c_str());
    target.putAndInsertString(DCM_ContentDate, date.c_str());
    target.putAndInsertString(DCM_ContentTime, time.c_str());
    target.putAndInsertString(DCM_Manufacturer, "DinoLens");
    target.putAndInsertString(DCM_ImageType, "DERIVED\\SECONDARY");
    target.putAndInsertString(DCM_BurnedInAnnotation, "NO");
    if (utf8 || asciiComment) {
        target.putAndInsertString(DCM_ImageComments, image.comment.c_str());
    }
    target.insertEmptyElement(DCM_PatientOrientation);
    if (!image.sourceSopInstanceUid.empty()) {
        OFString sourceClass;
        from->findAndGetOFString(DCM_SOPClassUID, sourceClass);
        DcmItem* reference = nullptr;
        if (target.findOrCreateSequenceItem(DCM_SourceImageSequence, reference, -2).good() && reference != nullptr) {
            reference->putAndInsertString(DCM_ReferencedSOPClassUID, sourceClass.c_str());
            reference->putAndInsertString(DCM_ReferencedSOPInstanceUID, image.sourceSopInstanceUid.c_str());
        }
    }
    target.putAndInsertUint16(DCM_SamplesPerPixel, 3);
    target.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
    target.putAndInsertUint16(DCM_PlanarConfiguration, 0);
    target.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(image.height));
    target.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(image.width));
    target.putAndInsertUint16(DCM_BitsAllocated, 8);
    target.putAndInsertUint16(DCM_BitsStored, 8);
    target.putAndInsertUint16(DCM_HighBit, 7);
    target.putAndInsertUint16(DCM_PixelRepresentation, 0);
    target.putAndInsertUint8Array(DCM_PixelData, image.rgb.data(), static_cast<unsigned long>(image.rgb.size()));
    return core::okStatus();
}

} // namespace

core::Result<std::vector<std::filesystem::path>> writeSecondaryCaptures(
    const std::vector<SecondaryCaptureImage>& images, const std::filesystem::path& folder,
    const SecondaryCaptureOptions& options)
{
    const std::string seriesUid = newUid(SITE_SERIES_UID_ROOT);
    std::vector<std::filesystem::path> written;
    int number = 0;
    for (const SecondaryCaptureImage& image : images) {
        ++number;
        if (image.width <= 0 || image.height <= 0 || image.width > 65535 || image.height > 65535
            || image.rgb.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3) {
            return makeError(ErrorCode::InvalidArgument, "a Secondary Capture image needs width * height * 3 bytes");
        }
        DcmFileFormat file;
        std::string sopUid;
        if (auto filled = fill(*file.getDataset(), image, seriesUid, number, options, sopUid); !filled) {
            return filled.error();
        }
        const std::filesystem::path path = folder / (sopUid + ".dcm");
        auto saved = core::writeFileAtomically(path, [&file](const std::filesystem::path& temporary) {
            const OFCondition condition = file.saveFile(temporary.c_str(), EXS_LittleEndianExplicit);
            return condition.good()
                ? core::okStatus()
                : core::Status(makeError(ErrorCode::Unwritable, condition.text(), temporary.string()));
        });
        if (!saved) {
            return saved.error();
        }
        written.push_back(path);
    }
    return written;
}

} // namespace dinolens::pacs
