// C-ECHO and C-FIND (Study Root), with the match limit and cancel applied through C-CANCEL.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dimse_operations.h"
#include "dimse_session.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

std::string textOf(DcmDataset& dataset, const DcmTagKey& tag)
{
    OFString value;
    dataset.findAndGetOFStringArray(tag, value);
    return std::string(value.c_str());
}

int integerOf(DcmDataset& dataset, const DcmTagKey& tag, int fallback)
{
    try {
        const std::string text = textOf(dataset, tag);
        return text.empty() ? fallback : std::stoi(text);
    } catch (const std::exception&) {
        return fallback;
    }
}

DcmDataset findKeys(const PacsQuery& query)
{
    const bool series = query.level == QueryLevel::Series;
    DcmDataset keys;
    putString(keys, DCM_QueryRetrieveLevel, series ? "SERIES" : "STUDY");
    putString(keys, DCM_PatientName, query.patientName);
    putString(keys, DCM_PatientID, query.patientId);
    putString(keys, DCM_PatientBirthDate, query.birthDate);
    putString(keys, DCM_StudyDate, query.studyDate);
    putString(keys, DCM_AccessionNumber, query.accessionNumber);
    putString(keys, DCM_StudyInstanceUID, query.studyUid);
    putString(keys, DCM_StudyDescription, "");
    putString(keys, series ? DCM_Modality : DCM_ModalitiesInStudy, query.modality);
    if (series) {
        putString(keys, DCM_SeriesInstanceUID, "");
        putString(keys, DCM_SeriesDescription, "");
        putString(keys, DCM_SeriesNumber, "");
        putString(keys, DCM_NumberOfSeriesRelatedInstances, "");
    } else {
        putString(keys, DCM_NumberOfStudyRelatedInstances, "");
    }
    return keys;
}

PacsMatch matchOf(DcmDataset& dataset, QueryLevel level)
{
    PacsMatch match;
    match.patientName = textOf(dataset, DCM_PatientName);
    match.patientId = textOf(dataset, DCM_PatientID);
    match.birthDate = textOf(dataset, DCM_PatientBirthDate);
    match.studyUid = textOf(dataset, DCM_StudyInstanceUID);
    match.studyDate = textOf(dataset, DCM_StudyDate);
    match.studyDescription = textOf(dataset, DCM_StudyDescription);
    match.accessionNumber = textOf(dataset, DCM_AccessionNumber);
    if (level == QueryLevel::Series) {
        match.modalities = textOf(dataset, DCM_Modality);
        match.seriesUid = textOf(dataset, DCM_SeriesInstanceUID);
        match.seriesDescription = textOf(dataset, DCM_SeriesDescription);
        match.seriesNumber = integerOf(dataset, DCM_SeriesNumber, 0);
        match.instanceCount = integerOf(dataset, DCM_NumberOfSeriesRelatedInstances, -1);
    } else {
        match.modalities = textOf(dataset, DCM_ModalitiesInStudy);
        match.instanceCount = integerOf(dataset, DCM_NumberOfStudyRelatedInstances, -1);
    }
    return match;
}

} // namespace

core::Status dimseEcho(const PacsNode& node, const EchoOptions& /*options*/)
{
    DimseSession session(node);
    session.proposeService(UID_VerificationSOPClass);
    if (auto connected = session.connect("C-ECHO"); !connected) {
        return connected;
    }
    const T_ASC_PresentationContextID context = session.acceptedContext(UID_VerificationSOPClass);
    if (context == 0) {
        session.abortAssociation();
        return makeError(ErrorCode::Unreadable, "the PACS refused the Verification service", node.describe());
    }
    const OFCondition status = session.sendECHORequest(context);
    session.releaseAssociation();
    if (status.bad()) {
        return session.failure(status, "C-ECHO");
    }
    return core::okStatus();
}

core::Result<FindResult> dimseFind(const PacsNode& node, const PacsQuery& query, const FindOptions& options)
{
    if (query.level == QueryLevel::Series && query.studyUid.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a DIMSE series search needs the study UID", node.describe());
    }
    DimseSession session(node);
    session.proposeService(UID_FINDStudyRootQueryRetrieveInformationModel);
    if (auto connected = session.connect("C-FIND"); !connected) {
        return connected.error();
    }
    const T_ASC_PresentationContextID context = session.acceptedContext(UID_FINDStudyRootQueryRetrieveInformationModel);
    if (context == 0) {
        session.abortAssociation();
        return makeError(ErrorCode::Unreadable, "the PACS refused the C-FIND service", node.describe());
    }
    FindResult result;
    int seen = 0;
    session.onMatch = [&](DcmDataset& dataset) {
        if (seen++ >= query.offset) {
            result.matches.push_back(matchOf(dataset, query.level));
        }
        result.truncated = static_cast<int>(result.matches.size()) > query.maxMatches;
        return !result.truncated && !options.cancel.isCancelled();
    };
    DcmDataset keys = findKeys(query);
    const OFCondition status = session.sendFINDRequest(context, &keys, nullptr);
    if (result.truncated || options.cancel.isCancelled() || status.bad()) {
        session.abortAssociation();
    } else {
        session.releaseAssociation();
    }
    if (options.cancel.isCancelled()) {
        return makeError(ErrorCode::Cancelled, "the search was cancelled", node.describe());
    }
    if (status.bad()) {
        return session.failure(status, "C-FIND");
    }
    if (result.truncated) {
        result.matches.resize(static_cast<std::size_t>(query.maxMatches));
    }
    return result;
}

} // namespace dinolens::pacs::detail
