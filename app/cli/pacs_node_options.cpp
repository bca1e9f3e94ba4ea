#include "pacs_node_options.h"

namespace dinolens::app {

void addPacsNodeOptions(CLI::App& command, PacsNodeOptions& options)
{
    CLI::Option* url = command.add_option("--url", options.url, "DICOMweb base URL, e.g. http://pacs:8042/dicom-web");
    CLI::Option* dimse = command.add_option("--dimse", options.dimse, "DIMSE node as AET@host:port");
    CLI::Option* node = command.add_option("--node", options.nodeName, "A node of the --nodes file, by name");
    url->excludes(dimse)->excludes(node);
    dimse->excludes(node);
    command.add_option("--nodes", options.nodesFile, "PACS node file (JSON, see pacs/README.md)")->needs(node);
    command.add_option("--calling-aet", options.callingAeTitle, "Our AE title (DIMSE)")->needs(dimse);
    command.add_option("--move-port", options.movePort, "Port our storage SCP listens on during a C-MOVE (DIMSE)")
        ->needs(dimse)
        ->check(CLI::Range(1, 65535));
    command.add_option("--timeout", options.timeoutSeconds, "Seconds a silent PACS is waited for")
        ->check(CLI::PositiveNumber);
    command.add_option("--user", options.user, "DICOMweb basic authentication user")->needs(url);
    command.add_option("--password", options.password, "DICOMweb basic authentication password")->needs(url);
    command.add_option("--token", options.token, "DICOMweb bearer token")->needs(url);
}

core::Result<pacs::PacsNode> pacsNodeFrom(const PacsNodeOptions& options)
{
    if (options.url.empty() && options.dimse.empty() && options.nodeName.empty()) {
        throw CLI::ValidationError("PACS node", "give --url, --dimse or --node");
    }
    if (!options.nodeName.empty()) {
        if (options.nodesFile.empty()) {
            throw CLI::ValidationError("--node", "needs --nodes FILE");
        }
        auto nodes = pacs::readPacsNodesFile(options.nodesFile);
        return nodes ? pacs::findNode(*nodes, options.nodeName) : core::Result<pacs::PacsNode>(nodes.error());
    }
    auto node = options.url.empty() ? pacs::dimseNode(options.dimse, options.callingAeTitle)
                                    : pacs::dicomWebNode(options.url);
    if (!node) {
        throw CLI::ValidationError(options.url.empty() ? "--dimse" : "--url", node.error().message);
    }
    node->dimse.moveReceivePort = options.movePort;
    node->dimse.timeoutSeconds = options.timeoutSeconds;
    node->dicomWeb.readTimeoutSeconds = options.timeoutSeconds;
    if (!options.token.empty()) {
        node->dicomWeb.authentication = pacs::HttpAuthentication::Bearer;
        node->dicomWeb.token = options.token;
    } else if (!options.user.empty()) {
        node->dicomWeb.authentication = pacs::HttpAuthentication::Basic;
        node->dicomWeb.user = options.user;
        node->dicomWeb.password = options.password;
    }
    return node;
}

} // namespace dinolens::app
