// C-GET (the instances come back on our association), falling back to C-MOVE when the PACS refuses C-GET.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/cond.h>

#include <chrono>
#include <cstdio>

#include "dimse_operations.h"
#include "dimse_session.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

// Refused: "not supported" (0x0122 SOP class not supported, 0xA7xx out of resources, 0xA9xx identifier mismatch,
// 0xAA00 none of the frames, 0xC0xx unable to process, 0x0124 not authorised).
bool isRefusal(Uint16 status)
{
    return status == 0x0122 || status == 0x0124 || (status >= 0xA700 && status <= 0xA7FF)
        || (status >= 0xA900 && status <= 0xA9FF) || (status >= 0xC000 && status <= 0xCFFF);
}

std::string hexStatus(Uint16 status)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04X", static_cast<unsigned>(status));
    return text;
}

struct GetOutcome {
    bool refused = false; // the PACS does not do C-GET for us: C-MOVE may
    core::Result<RetrieveSummary> summary = core::makeError(ErrorCode::Internal, "no C-GET outcome");
};

GetOutcome cGet(const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options)
{
    GetOutcome outcome;
    DimseSession session(node);
    session.proposeService(UID_GETStudyRootQueryRetrieveInformationModel);
    session.proposeStorageAsReceiver(1);
    if (auto connected = session.connect("C-GET"); !connected) {
        outcome.summary = connected.error();
        return outcome;
    }
    const T_ASC_PresentationContextID context = session.acceptedContext(UID_GETStudyRootQueryRetrieveInformationModel);
    if (context == 0) {
        session.abortAssociation();
        outcome.refused = true;
        outcome.summary = makeError(ErrorCode::Unreadable, "the PACS refused the C-GET service", node.describe());
        return outcome;
    }
    DcmDataset keys;
    putString(keys, DCM_QueryRetrieveLevel, request.seriesUid.empty() ? "STUDY" : "SERIES");
    putString(keys, DCM_StudyInstanceUID, request.studyUid);
    if (!request.seriesUid.empty()) {
        putString(keys, DCM_SeriesInstanceUID, request.seriesUid);
    }
    InstanceReceiver receiver(options, node.describe());
    session.receiver = &receiver;
    const OFCondition status = session.sendCGETRequest(context, &keys, nullptr);
    receiver.finish();
    const bool stoppedEarly = receiver.failure().has_value() || options.cancel.isCancelled();
    stoppedEarly || status.bad() ? session.abortAssociation() : session.releaseAssociation();
    if (options.cancel.isCancelled()) {
        outcome.summary = makeError(ErrorCode::Cancelled, "the retrieve was cancelled", node.describe());
    } else if (receiver.failure()) {
        outcome.summary = *receiver.failure();
    } else if (status == DUL_PEERABORTEDASSOCIATION && receiver.summary().instances.empty()) {
        // Some PACS (Orthanc) answer a C-GET they do not allow by aborting the association.
        outcome.refused = true;
        outcome.summary = session.failure(status, "the PACS refused the C-GET");
    } else if (status.bad()) {
        outcome.summary = session.failure(status, "C-GET");
    } else if (isRefusal(session.lastRetrieveStatus) && receiver.summary().instances.empty()) {
        outcome.refused = true;
        outcome.summary = makeError(ErrorCode::Unreadable,
            "the PACS refused the C-GET (status 0x" + hexStatus(session.lastRetrieveStatus) + ")", node.describe());
    } else {
        outcome.summary = std::move(receiver.summary());
    }
    return outcome;
}

} // namespace

core::Result<RetrieveSummary> dimseRetrieve(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options)
{
    if (options.dimseRetrieval == DimseRetrieval::Move) {
        return dimseMove(node, request, options);
    }
    const auto started = std::chrono::steady_clock::now();
    GetOutcome outcome = cGet(node, request, options);
    if (outcome.refused && options.dimseRetrieval == DimseRetrieval::Automatic && node.dimse.moveReceivePort > 0) {
        return dimseMove(node, request, options);
    }
    if (outcome.summary) {
        outcome.summary->method = "C-GET";
        outcome.summary->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
    return std::move(outcome.summary);
}

} // namespace dinolens::pacs::detail
