#include "dinolens/pacs/pacs_client.h"

#include "dicomweb_operations.h"
#include "dimse_operations.h"
#include "dinolens/pacs/retrieve_cache.h"

namespace dinolens::pacs {
namespace {

using core::ErrorCode;
using core::makeError;

core::Status checkRequest(const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options)
{
    if (!isSafeUid(request.studyUid) || (!request.seriesUid.empty() && !isSafeUid(request.seriesUid))) {
        return makeError(ErrorCode::InvalidArgument,
            "a study UID (and optional series UID) of digits and dots is "
            "needed",
            node.describe());
    }
    if (options.destination.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no destination folder for the retrieve", node.describe());
    }
    std::error_code error;
    std::filesystem::create_directories(options.destination, error);
    if (error) {
        return makeError(
            ErrorCode::Unwritable, "cannot create the folder: " + error.message(), options.destination.string());
    }
    return core::okStatus();
}

} // namespace

core::Status echo(const PacsNode& node, const EchoOptions& options)
{
    return node.protocol == PacsProtocol::DicomWeb ? detail::dicomWebEcho(node, options)
                                                   : detail::dimseEcho(node, options);
}

core::Result<FindResult> find(const PacsNode& node, const PacsQuery& query, const FindOptions& options)
{
    if (query.maxMatches < 0 || query.offset < 0 || query.pageSize <= 0) {
        return makeError(ErrorCode::InvalidArgument, "paging needs offset >= 0, max matches >= 0 and page size > 0");
    }
    return node.protocol == PacsProtocol::DicomWeb ? detail::dicomWebFind(node, query, options)
                                                   : detail::dimseFind(node, query, options);
}

core::Result<RetrieveSummary> retrieve(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options)
{
    if (auto checked = checkRequest(node, request, options); !checked) {
        return checked.error();
    }
    return node.protocol == PacsProtocol::DicomWeb ? detail::dicomWebRetrieve(node, request, options)
                                                   : detail::dimseRetrieve(node, request, options);
}

core::Result<StoreSummary> store(
    const PacsNode& node, const std::vector<std::filesystem::path>& files, const StoreOptions& options)
{
    if (node.external && !options.filesAreAnonymised) {
        return makeError(ErrorCode::InvalidArgument,
            "the node is marked external: only anonymised files may be sent there", node.describe());
    }
    if (files.empty()) {
        return makeError(ErrorCode::InvalidArgument, "no files to store", node.describe());
    }
    return node.protocol == PacsProtocol::DicomWeb ? detail::dicomWebStore(node, files, options)
                                                   : detail::dimseStore(node, files, options);
}

} // namespace dinolens::pacs
