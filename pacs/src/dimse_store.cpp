// C-STORE: one association for all files, with a presentation context per SOP class and transfer syntax found in
// them (plus the uncompressed syntaxes, into which DCMTK converts when the PACS refuses the file's own).
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <map>
#include <set>

#include "dimse_operations.h"
#include "dimse_session.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

struct StoreCandidate {
    std::filesystem::path file;
    std::string sopClassUid;
    std::string sopInstanceUid;
    std::string transferSyntaxUid;
};

core::Result<StoreCandidate> inspect(const std::filesystem::path& file)
{
    DcmFileFormat format;
    const OFCondition loaded = format.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 1024);
    if (loaded.bad()) {
        return makeError(ErrorCode::InvalidFormat, std::string("not a DICOM file: ") + loaded.text(), file.string());
    }
    StoreCandidate candidate { file, {}, {}, {} };
    OFString value;
    format.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, value);
    candidate.sopClassUid = value.c_str();
    format.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPInstanceUID, value);
    candidate.sopInstanceUid = value.c_str();
    format.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, value);
    candidate.transferSyntaxUid = value.c_str();
    if (candidate.sopClassUid.empty() || candidate.sopInstanceUid.empty() || candidate.transferSyntaxUid.empty()) {
        return makeError(ErrorCode::InvalidFormat,
            "the file has no meta header with SOP class, instance and transfer "
            "syntax",
            file.string());
    }
    return candidate;
}

void proposeContexts(DimseSession& session, const std::vector<StoreCandidate>& candidates)
{
    std::map<std::string, std::set<std::string>> syntaxesByClass;
    for (const StoreCandidate& candidate : candidates) {
        syntaxesByClass[candidate.sopClassUid].insert(candidate.transferSyntaxUid);
    }
    int proposed = 0;
    for (const auto& [sopClass, syntaxes] : syntaxesByClass) {
        for (const std::string& syntax : syntaxes) {
            if (proposed++ < 127) {
                OFList<OFString> list;
                list.push_back(syntax.c_str());
                session.addPresentationContext(sopClass.c_str(), list);
            }
        }
        if (proposed++ < 127) {
            session.addPresentationContext(sopClass.c_str(), uncompressedTransferSyntaxes());
        }
    }
}

void storeOne(DimseSession& session, const StoreCandidate& candidate, StoreSummary& summary)
{
    T_ASC_PresentationContextID context
        = session.findPresentationContextID(candidate.sopClassUid.c_str(), candidate.transferSyntaxUid.c_str());
    if (context == 0) {
        context = session.findAnyPresentationContextID(
            candidate.sopClassUid.c_str(), UID_LittleEndianExplicitTransferSyntax);
    }
    if (context == 0) {
        summary.failures.push_back({ candidate.sopInstanceUid, "the PACS accepts no context for its SOP class" });
        return;
    }
    Uint16 answer = 0;
    const OFCondition sent = session.sendSTORERequest(context, candidate.file.c_str(), nullptr, answer);
    if (sent.bad()) {
        summary.failures.push_back({ candidate.sopInstanceUid, std::string("C-STORE failed: ") + sent.text() });
    } else if (answer != STATUS_Success && (answer & 0xF000) != 0xB000) {
        summary.failures.push_back({ candidate.sopInstanceUid, "the PACS answered status " + std::to_string(answer) });
    } else {
        summary.storedSopInstanceUids.push_back(candidate.sopInstanceUid);
    }
}

} // namespace

core::Result<StoreSummary> dimseStore(
    const PacsNode& node, const std::vector<std::filesystem::path>& files, const StoreOptions& options)
{
    StoreSummary summary;
    summary.method = "C-STORE";
    std::vector<StoreCandidate> candidates;
    for (const std::filesystem::path& file : files) {
        auto candidate = inspect(file);
        if (candidate) {
            candidates.push_back(std::move(*candidate));
        } else {
            summary.failures.push_back({ file.filename().string(), candidate.error().message });
        }
    }
    if (candidates.empty()) {
        return summary;
    }
    DimseSession session(node);
    session.setDatasetConversionMode(OFTrue);
    proposeContexts(session, candidates);
    if (auto connected = session.connect("C-STORE"); !connected) {
        return connected.error();
    }
    for (std::size_t index = 0; index < candidates.size(); ++index) {
        if (options.cancel.isCancelled()) {
            session.abortAssociation();
            return makeError(ErrorCode::Cancelled, "the store was cancelled", node.describe());
        }
        storeOne(session, candidates[index], summary);
        if (options.progress) {
            options.progress(static_cast<long long>(index + 1), static_cast<long long>(candidates.size()),
                candidates[index].file.filename().string());
        }
    }
    session.releaseAssociation();
    return summary;
}

} // namespace dinolens::pacs::detail
