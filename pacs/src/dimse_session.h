#pragma once
// An association with a DIMSE node through DCMTK's DcmSCU: the node's AE titles, host, port and time-outs (connect,
// association, and DCMTK's process-wide socket read/write time-outs, so a silent PACS times out), the presentation
// contexts a call needs, and DCMTK's conditions turned into errors that name the node. The C-FIND answers and the
// C-GET's C-STORE sub-operations are handled here, so a call only sets what to collect and where to write.

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmnet/scu.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dinolens/pacs/pacs_client.h"
#include "instance_receiver.h"

namespace dinolens::pacs::detail {

/// The transfer syntaxes proposed for received instances (and accepted by the C-MOVE storage SCP): uncompressed,
/// deflated and the compressed ones DCMTK (with core's OpenJPEG) decodes.
const OFList<OFString>& receivableTransferSyntaxes();
const OFList<OFString>& uncompressedTransferSyntaxes();
/// Silences DCMTK's own log and turns Nagle's algorithm off for DCMTK's sockets (TCP_NODELAY=1 unless set), once
/// per process, before the first association.
void quietDcmtkLog();

class DimseSession : public DcmSCU {
public:
    explicit DimseSession(const PacsNode& node);

    /// Proposes `abstractSyntax` (as SCU) with the uncompressed transfer syntaxes.
    void proposeService(const char* abstractSyntax);
    /// Proposes every common storage SOP class in the SCP role (the C-GET's sub-operations come this way).
    void proposeStorageAsReceiver(int reservedContexts);

    /// initNetwork + negotiateAssociation. Errors: Unreadable (down, refused, rejected: names the node).
    core::Status connect(const std::string& what);
    /// The accepted context for `abstractSyntax`, 0 when the PACS refused it.
    T_ASC_PresentationContextID acceptedContext(const char* abstractSyntax);
    core::Error failure(const OFCondition& condition, const std::string& what) const;
    const PacsNode& node() const { return m_node; }

    // C-FIND: each answer goes to `onMatch`; returning false stops the search (C-CANCEL).
    std::function<bool(DcmDataset&)> onMatch;
    // C-GET: the instances go to `receiver`.
    InstanceReceiver* receiver = nullptr;
    Uint16 lastRetrieveStatus = 0;
    long long expectedInstances = 0; // from the C-GET's pending responses, when the PACS sends them

protected:
    OFCondition handleFINDResponse(
        const T_ASC_PresentationContextID presID, QRResponse* response, OFBool& waitForNextResponse) override;
    OFCondition handleSTORERequest(const T_ASC_PresentationContextID presID, DcmDataset* incomingObject,
        OFBool& continueCGETSession, Uint16& cStoreReturnStatus) override;
    OFCondition handleCGETResponse(
        const T_ASC_PresentationContextID presID, RetrieveResponse* response, OFBool& continueCGETSession) override;

private:
    PacsNode m_node;
};

/// Query keys common to C-FIND and the retrieve requests.
void putString(DcmDataset& dataset, const DcmTagKey& tag, const std::string& value);

} // namespace dinolens::pacs::detail
