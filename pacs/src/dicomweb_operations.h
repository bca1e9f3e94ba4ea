#pragma once
// QIDO-RS, WADO-RS and STOW-RS (PS3.18) for pacs_client.cpp.

#include "dinolens/pacs/pacs_client.h"

namespace dinolens::pacs::detail {

core::Status dicomWebEcho(const PacsNode& node, const EchoOptions& options);
core::Result<FindResult> dicomWebFind(const PacsNode& node, const PacsQuery& query, const FindOptions& options);
core::Result<RetrieveSummary> dicomWebRetrieve(
    const PacsNode& node, const RetrieveRequest& request, const RetrieveOptions& options);
core::Result<StoreSummary> dicomWebStore(
    const PacsNode& node, const std::vector<std::filesystem::path>& files, const StoreOptions& options);

} // namespace dinolens::pacs::detail
