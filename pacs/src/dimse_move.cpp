// C-MOVE: our own storage SCP listens on the node's move-receive port for the PACS's C-STORE sub-operations while
// the C-MOVE runs, writing each instance atomically like a C-GET does.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmnet/scp.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "dimse_operations.h"
#include "dimse_session.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

class MoveReceiver : public DcmSCP {
public:
    MoveReceiver(const PacsNode& node, const RetrieveOptions& options)
        : m_options(options)
        , m_receiver(options, node.describe())
    {
        quietDcmtkLog();
        setPort(static_cast<Uint16>(node.dimse.moveReceivePort));
        setAETitle(node.dimse.callingAeTitle.c_str());
        setConnectionBlockingMode(DUL_NOBLOCK);
        setConnectionTimeout(1); // how often the loop looks at the stop flag
        setACSETimeout(static_cast<Uint32>(node.dimse.timeoutSeconds));
        setDIMSETimeout(static_cast<Uint32>(node.dimse.timeoutSeconds));
        setDIMSEBlockingMode(DIMSE_BLOCKING); // bounded by DCMTK's socket time-outs (dimse_session.cpp)
        setHostLookupEnabled(OFFalse);
        for (int index = 0; index < numberOfDcmAllStorageSOPClassUIDs; ++index) {
            addPresentationContext(dcmAllStorageSOPClassUIDs[index], receivableTransferSyntaxes());
        }
        setEnableVerification();
    }

    void stop() { m_stop = true; }
    /// After the listening thread has ended: waits for the writes under way.
    InstanceReceiver& finish()
    {
        m_receiver.finish();
        return m_receiver;
    }

protected:
    OFCondition handleIncomingCommand(T_DIMSE_Message* message, const DcmPresentationContextInfo& context) override
    {
        if (message == nullptr || message->CommandField != DIMSE_C_STORE_RQ) {
            return DcmSCP::handleIncomingCommand(message, context);
        }
        T_DIMSE_C_StoreRQ& request = message->msg.CStoreRQ;
        DcmDataset* dataset = nullptr;
        OFCondition status = receiveSTORERequest(request, context.presentationContextID, dataset);
        Uint16 answer = STATUS_STORE_Error_CannotUnderstand;
        if (status.good() && dataset != nullptr) {
            answer = m_receiver.keep(*dataset, 0);
        }
        delete dataset;
        if (m_options.cancel.isCancelled()) {
            answer = STATUS_STORE_Refused_OutOfResources;
        }
        const OFCondition sent = sendSTOREResponse(context.presentationContextID, request, answer);
        return status.good() ? sent : status;
    }
    OFBool stopAfterConnectionTimeout() override { return m_stop.load(); }
    OFBool stopAfterCurrentAssociation() override { return m_stop.load(); }

private:
    const RetrieveOptions& m_options;
    InstanceReceiver m_receiver; // used by the listening thread only, until finish()
    std::atomic<bool> m_stop { false };
};

core::Status sendMove(const PacsNode& node, const RetrieveRequest& request)
{
    DimseSession session(node);
    session.proposeService(UID_MOVEStudyRootQueryRetrieveInformationModel);
    if (auto connected = session.connect("C-MOVE"); !connected) {
        return connected;
    }
    const T_ASC_PresentationContextID context = session.acceptedContext(UID_MOVEStudyRootQueryRetrieveInformationModel);
    if (context == 0) {
        session.abortAssociation();
        return makeError(ErrorCode::Unreadable, "the PACS refused the C-MOVE service", node.describe());
    }
    DcmDataset keys;
    putString(keys, DCM_QueryRetrieveLevel, request.seriesUid.empty() ? "STUDY" : "SERIES");
    putString(keys, DCM_StudyInstanceUID, request.studyUid);
    if (!request.seriesUid.empty()) {
        putString(keys, DCM_SeriesInstanceUID, request.seriesUid);
    }
    OFList<RetrieveResponse*> responses;
    const OFCondition status = session.sendMOVERequest(context, node.dimse.callingAeTitle.c_str(), &keys, &responses);
    Uint16 finalStatus = 0;
    Uint16 failed = 0;
    for (RetrieveResponse* response : responses) {
        finalStatus = response->m_status;
        failed = response->m_numberOfFailedSubops;
        delete response;
    }
    status.good() ? session.releaseAssociation() : session.abortAssociation();
    if (status.bad()) {
        return session.failure(status, "C-MOVE");
    }
    if (finalStatus != STATUS_Success && finalStatus != STATUS_MOVE_Warning_SubOperationsCompleteOneOrMoreFailures) {
        return makeError(ErrorCode::Unreadable,
            "the PACS did not complete the C-MOVE (status " + std::to_string(finalStatus) + ", "
                + std::to_string(failed) + " failed); does it know our AE title " + node.dimse.callingAeTitle
                + " at port " + std::to_string(node.dimse.moveReceivePort) + "?",
            node.describe());
    }
    return core::okStatus();
}

} // namespace

core::Result<RetrieveSummary> dimseMove(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options)
{
    if (node.dimse.moveReceivePort <= 0) {
        return makeError(ErrorCode::InvalidArgument, "C-MOVE needs the node's move-receive port", node.describe());
    }
    const auto started = std::chrono::steady_clock::now();
    MoveReceiver receiver(node, options);
    const OFCondition listening = receiver.openListenPort();
    if (listening.bad()) {
        return makeError(ErrorCode::Unreadable,
            "cannot listen on port " + std::to_string(node.dimse.moveReceivePort)
                + " for the C-MOVE: " + listening.text(),
            node.describe());
    }
    std::thread listener([&receiver] { receiver.acceptAssociations(); });
    const core::Status moved = sendMove(node, request);
    receiver.stop();
    listener.join();
    if (options.cancel.isCancelled()) {
        return makeError(ErrorCode::Cancelled, "the retrieve was cancelled", node.describe());
    }
    InstanceReceiver& received = receiver.finish();
    if (received.failure()) {
        return *received.failure();
    }
    if (!moved) {
        return moved.error();
    }
    RetrieveSummary summary = std::move(received.summary());
    summary.method = "C-MOVE";
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return summary;
}

} // namespace dinolens::pacs::detail
