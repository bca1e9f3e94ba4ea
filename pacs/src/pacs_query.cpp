#include "dinolens/pacs/pacs_query.h"

#include <nlohmann/json.hpp>

namespace dinolens::pacs {

nlohmann::json matchToJson(const PacsMatch& match, QueryLevel level)
{
    nlohmann::json entry { { "patient_name", match.patientName }, { "patient_id", match.patientId },
        { "birth_date", match.birthDate }, { "study_uid", match.studyUid }, { "study_date", match.studyDate },
        { "study_description", match.studyDescription }, { "accession_number", match.accessionNumber } };
    if (level == QueryLevel::Series) {
        entry["modality"] = match.modalities;
        entry["series_uid"] = match.seriesUid;
        entry["series_description"] = match.seriesDescription;
        entry["series_number"] = match.seriesNumber;
    } else {
        entry["modalities"] = match.modalities;
    }
    entry["instances"] = match.instanceCount >= 0 ? nlohmann::json(match.instanceCount) : nlohmann::json();
    return entry;
}

} // namespace dinolens::pacs
