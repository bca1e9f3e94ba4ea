#pragma once
// C-ECHO, C-FIND, C-GET, C-MOVE and C-STORE for pacs_client.cpp.

#include "dinolens/pacs/pacs_client.h"

namespace dinolens::pacs::detail {

core::Status dimseEcho(const PacsNode& node, const EchoOptions& options);
core::Result<FindResult> dimseFind(const PacsNode& node, const PacsQuery& query, const FindOptions& options);
/// C-GET, or C-MOVE as options.dimseRetrieval says (Automatic: C-MOVE only when C-GET is refused).
core::Result<RetrieveSummary> dimseRetrieve(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options);
core::Result<RetrieveSummary> dimseMove(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options);
core::Result<StoreSummary> dimseStore(
    const PacsNode& node, const std::vector<std::filesystem::path>& files, const StoreOptions& options);

} // namespace dinolens::pacs::detail
