#pragma once
// Searching a PACS (QIDO-RS or C-FIND) at study or series level. Matching follows DICOM: the patient name may hold
// '*' and '?' wildcards, dates are "YYYYMMDD" or ranges "YYYYMMDD-YYYYMMDD" (either end open). Empty keys do not
// restrict. Thread-safety: value types.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dinolens::pacs {

enum class QueryLevel { Study, Series };

struct PacsQuery {
    QueryLevel level = QueryLevel::Study;
    std::string patientName; // wildcards * and ?
    std::string patientId;
    std::string birthDate;
    std::string studyDate;
    std::string modality; // at study level: Modalities in Study
    std::string accessionNumber;
    std::string studyUid; // required for a series search over DIMSE; optional over DICOMweb
    int offset = 0; // matches to skip (DICOMweb paging; over DIMSE the skipped matches are still transferred)
    int maxMatches = 1000; // at most this many are returned; more set `truncated`
    int pageSize = 200; // matches per QIDO request
};

/// One study or series. Series fields are empty at study level.
struct PacsMatch {
    std::string patientName;
    std::string patientId;
    std::string birthDate;
    std::string studyUid;
    std::string studyDate;
    std::string studyDescription;
    std::string accessionNumber;
    std::string modalities; // study: Modalities in Study, '\' separated; series: Modality
    std::string seriesUid;
    std::string seriesDescription;
    int seriesNumber = 0;
    int instanceCount = -1; // -1 when the PACS did not say
};

struct FindResult {
    std::vector<PacsMatch> matches;
    bool truncated = false; // more matched than maxMatches
};

nlohmann::json matchToJson(const PacsMatch& match, QueryLevel level);

} // namespace dinolens::pacs
