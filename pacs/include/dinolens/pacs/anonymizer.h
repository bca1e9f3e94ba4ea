#pragma once
// De-identification of DICOM files after DICOM PS3.15 Annex E's Basic Application Level Confidentiality Profile, with
// DCMTK reading and writing: identifying attributes removed or emptied, the patient's name and ID replaced by
// pseudonyms, private attributes removed, every instance UID (study, series, SOP instance, frame of reference, and the
// references to them inside sequences) replaced by a new UID, the same new UID for the same old one across all files
// of one Anonymizer, so that a SEG's references to its source series stay valid. Dates are removed (the profile's
// default), kept (Retain Longitudinal Temporal Information, Full Dates option) or shifted by a number of days.
// Images whose Burned In Annotation is YES are refused: text in the pixels cannot be removed here.
// Patient Identity Removed is set to YES and De-identification Method names the profile and options.
// Thread-safety: one Anonymizer per thread.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"

namespace dinolens::pacs {

enum class DateHandling { Remove, Keep, Shift };

struct AnonymizeOptions {
    DateHandling dates = DateHandling::Remove;
    int shiftDays = 0; // DateHandling::Shift; negative moves dates into the past
    std::string patientName = "ANONYMOUS";
    std::string patientIdPrefix = "ANON"; // pseudonyms are <prefix>-<n>, n counting distinct patients
};

struct AnonymizedFile {
    std::filesystem::path source;
    std::filesystem::path output; // <out>/<new series UID>/<new SOP instance UID>.dcm
    std::string sopInstanceUid; // the new one
};

class Anonymizer {
public:
    explicit Anonymizer(AnonymizeOptions options);

    /// De-identifies one file into `outFolder` (written atomically). Errors: NotFound/InvalidFormat (not a DICOM
    /// file), UnsupportedFormat (Burned In Annotation is YES), Unwritable.
    core::Result<AnonymizedFile> anonymizeFile(
        const std::filesystem::path& source, const std::filesystem::path& outFolder);

    /// The new UID for `uid` (made on first use).
    std::string replacementUid(const std::string& uid);

private:
    std::string pseudonymFor(const std::string& patientId);

    AnonymizeOptions m_options;
    std::map<std::string, std::string> m_uids;
    std::map<std::string, std::string> m_patients;
};

} // namespace dinolens::pacs
