#pragma once
// The PACS node options the `pacs` commands and `bench pacs` share: `--url <DICOMweb base>` or
// `--dimse AET@host:port` with `--calling-aet` and `--move-port`, or `--node NAME` from a `--nodes FILE`.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "dinolens/core/result.h"
#include "dinolens/pacs/pacs_node.h"

namespace dinolens::app {

struct PacsNodeOptions {
    std::string url;
    std::string dimse;
    std::string callingAeTitle = "DINOLENS";
    int movePort = 0;
    std::string nodeName;
    std::string nodesFile;
    int timeoutSeconds = 30;
    std::string user;
    std::string password;
    std::string token;
};

/// Adds the options to `command`; --url, --dimse and --node exclude each other.
void addPacsNodeOptions(CLI::App& command, PacsNodeOptions& options);

/// The node the options name. Throws CLI::ValidationError (exit code 2) when none or several are given; a node
/// that cannot be read is an Error (exit code 1).
core::Result<pacs::PacsNode> pacsNodeFrom(const PacsNodeOptions& options);

} // namespace dinolens::app
