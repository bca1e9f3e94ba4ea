#include "dinolens/pacs/anonymizer.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <chrono>
#include <cstdio>

#include "dimse_session.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/pacs/retrieve_cache.h"

namespace dinolens::pacs {
namespace {

using core::ErrorCode;
using core::makeError;

// PS3.15 Table E.1-1, action X (remove) or Z/D where an empty value would still identify by its presence.
const DcmTagKey kRemoved[] = { DCM_InstitutionName, DCM_InstitutionAddress, DCM_ReferringPhysicianAddress,
    DCM_ReferringPhysicianTelephoneNumbers, DCM_StationName, DCM_InstitutionalDepartmentName, DCM_PhysiciansOfRecord,
    DCM_PerformingPhysicianName, DCM_NameOfPhysiciansReadingStudy, DCM_OperatorsName, DCM_AdmittingDiagnosesDescription,
    DCM_OtherPatientIDsSequence, DCM_OtherPatientNames, DCM_PatientBirthName, DCM_PatientAddress,
    DCM_PatientTelephoneNumbers, DCM_PatientMotherBirthName, DCM_RETIRED_MedicalRecordLocator, DCM_EthnicGroup,
    DCM_Occupation, DCM_AdditionalPatientHistory, DCM_PatientComments, DCM_PatientAge, DCM_PatientSize,
    DCM_PatientWeight, DCM_PatientBirthTime, DCM_DeviceSerialNumber, DCM_ImageComments, DCM_RETIRED_IdentifyingComments,
    DCM_RequestingPhysician, DCM_RequestedProcedureDescription, DCM_RequestAttributesSequence,
    DCM_PerformedProcedureStepDescription, DCM_PerformedProcedureStepID, DCM_CurrentPatientLocation, DCM_AdmissionID,
    DCM_StudyDescription, DCM_SeriesDescription, DCM_ProtocolName, DCM_ReferencedPatientSequence,
    DCM_ReferencedStudySequence, DCM_ReferencedPerformedProcedureStepSequence, DCM_PerformedLocation,
    DCM_ScheduledProcedureStepLocation, DCM_ResponsibleOrganization, DCM_ResponsiblePerson, DCM_InstanceCreatorUID };

// Action Z: present but empty (type 2 attributes).
const DcmTagKey kEmptied[]
    = { DCM_PatientBirthDate, DCM_PatientSex, DCM_AccessionNumber, DCM_ReferringPhysicianName, DCM_StudyID };

bool isWellKnownUid(const std::string& uid)
{
    return uid.rfind("1.2.840.10008.", 0) == 0; // SOP classes, transfer syntaxes, coding schemes of the standard
}

std::string shiftedDate(const std::string& date, int days)
{
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (date.size() != 8 || std::sscanf(date.c_str(), "%4d%2u%2u", &year, &month, &day) != 3) {
        return {};
    }
    const std::chrono::year_month_day original { std::chrono::year(year), std::chrono::month(month),
        std::chrono::day(day) };
    if (!original.ok()) {
        return {};
    }
    const std::chrono::year_month_day moved { std::chrono::sys_days(original) + std::chrono::days(days) };
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(moved.year()),
        static_cast<unsigned>(moved.month()), static_cast<unsigned>(moved.day()));
    return text;
}

std::string valueOf(DcmElement& element)
{
    OFString value;
    element.getOFStringArray(value);
    return value.c_str();
}

} // namespace

Anonymizer::Anonymizer(AnonymizeOptions options)
    : m_options(std::move(options))
{
    detail::quietDcmtkLog();
}

std::string Anonymizer::replacementUid(const std::string& uid)
{
    auto found = m_uids.find(uid);
    if (found == m_uids.end()) {
        char generated[100];
        dcmGenerateUniqueIdentifier(generated, SITE_INSTANCE_UID_ROOT);
        found = m_uids.emplace(uid, generated).first;
    }
    return found->second;
}

std::string Anonymizer::pseudonymFor(const std::string& patientId)
{
    auto found = m_patients.find(patientId);
    if (found == m_patients.end()) {
        found = m_patients.emplace(patientId, m_options.patientIdPrefix + "-" + std::to_string(m_patients.size() + 1))
                    .first;
    }
    return found->second;
}

namespace {

// Private attributes removed, UIDs replaced and dates handled in `item` and every item nested in it.
void cleanItem(DcmItem& item, Anonymizer& anonymizer, const AnonymizeOptions& options)
{
    for (unsigned long index = item.card(); index-- > 0;) {
        DcmElement* element = item.getElement(index);
        if (element == nullptr) {
            continue;
        }
        if (element->getTag().isPrivate()) {
            delete item.remove(element);
            continue;
        }
        const DcmEVR vr = element->ident();
        if (vr == EVR_SQ) {
            auto* sequence = static_cast<DcmSequenceOfItems*>(element);
            for (unsigned long nested = 0; nested < sequence->card(); ++nested) {
                cleanItem(*sequence->getItem(nested), anonymizer, options);
            }
        } else if (vr == EVR_UI) {
            const std::string uid = valueOf(*element);
            if (!uid.empty() && !isWellKnownUid(uid)) {
                element->putString(anonymizer.replacementUid(uid).c_str());
            }
        } else if (vr == EVR_DA && options.dates != DateHandling::Keep) {
            const std::string date = options.dates == DateHandling::Shift
                ? shiftedDate(valueOf(*element), options.shiftDays)
                : std::string();
            element->putString(date.c_str());
        }
    }
}

core::Status refuseBurnedIn(DcmDataset& dataset, const std::filesystem::path& source)
{
    OFString burnedIn;
    if (dataset.findAndGetOFString(DCM_BurnedInAnnotation, burnedIn).good() && burnedIn == "YES") {
        return makeError(ErrorCode::UnsupportedFormat,
            "Burned In Annotation is YES: text in the pixels may identify the patient; the file is not anonymised",
            source.string());
    }
    return core::okStatus();
}

} // namespace

core::Result<AnonymizedFile> Anonymizer::anonymizeFile(
    const std::filesystem::path& source, const std::filesystem::path& outFolder)
{
    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(source.c_str());
    if (loaded.bad()) {
        return makeError(std::filesystem::exists(source) ? ErrorCode::InvalidFormat : ErrorCode::NotFound,
            std::string("not a DICOM file: ") + loaded.text(), source.string());
    }
    DcmDataset& dataset = *file.getDataset();
    if (auto refused = refuseBurnedIn(dataset, source); !refused) {
        return refused.error();
    }
    for (const DcmTagKey& tag : kRemoved) {
        dataset.findAndDeleteElement(tag, OFTrue, OFTrue);
    }
    for (const DcmTagKey& tag : kEmptied) {
        if (dataset.tagExists(tag)) {
            dataset.putAndInsertString(tag, "");
        }
    }
    OFString patientId;
    dataset.findAndGetOFString(DCM_PatientID, patientId);
    dataset.putAndInsertString(DCM_PatientName, m_options.patientName.c_str());
    dataset.putAndInsertString(DCM_PatientID, pseudonymFor(patientId.c_str()).c_str());
    cleanItem(dataset, *this, m_options);
    dataset.putAndInsertString(DCM_PatientIdentityRemoved, "YES");
    const char* method = m_options.dates == DateHandling::Keep ? "DinoLens PS3.15 E.1 Basic Profile, dates retained"
        : m_options.dates == DateHandling::Shift               ? "DinoLens PS3.15 E.1 Basic Profile, dates shifted"
                                                               : "DinoLens PS3.15 E.1 Basic Profile";
    dataset.putAndInsertString(DCM_DeidentificationMethod, method);

    OFString series;
    OFString instance;
    dataset.findAndGetOFString(DCM_SeriesInstanceUID, series);
    dataset.findAndGetOFString(DCM_SOPInstanceUID, instance);
    if (!isSafeUid(series.c_str()) || !isSafeUid(instance.c_str())) {
        return makeError(ErrorCode::InvalidFormat, "the file has no Series or SOP Instance UID", source.string());
    }
    AnonymizedFile result { source, outFolder / series.c_str() / (std::string(instance.c_str()) + ".dcm"),
        instance.c_str() };
    std::error_code error;
    std::filesystem::create_directories(result.output.parent_path(), error);
    const E_TransferSyntax syntax = dataset.getOriginalXfer();
    auto written = core::writeFileAtomically(result.output, [&file, syntax](const std::filesystem::path& temporary) {
        const OFCondition saved = file.saveFile(
            temporary.c_str(), syntax, EET_UndefinedLength, EGL_recalcGL, EPD_noChange, 0, 0, EWM_updateMeta);
        return saved.good() ? core::okStatus()
                            : core::Status(makeError(ErrorCode::Unwritable, saved.text(), temporary.string()));
    });
    if (!written) {
        return written.error();
    }
    return result;
}

} // namespace dinolens::pacs
