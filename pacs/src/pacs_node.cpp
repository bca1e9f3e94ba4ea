#include "dinolens/pacs/pacs_node.h"

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

namespace dinolens::pacs {
namespace {

using core::ErrorCode;
using core::makeError;

const char* authenticationName(HttpAuthentication authentication)
{
    switch (authentication) {
    case HttpAuthentication::Basic:
        return "basic";
    case HttpAuthentication::Bearer:
        return "bearer";
    case HttpAuthentication::None:
        break;
    }
    return "none";
}

core::Result<PacsNode> dicomWebNodeFromJson(const nlohmann::json& settings)
{
    auto node = dicomWebNode(settings.value("url", std::string()));
    if (!node) {
        return node.error();
    }
    DicomWebSettings& web = node->dicomWeb;
    const std::string authentication = settings.value("auth", std::string("none"));
    if (authentication == "basic") {
        web.authentication = HttpAuthentication::Basic;
    } else if (authentication == "bearer") {
        web.authentication = HttpAuthentication::Bearer;
    } else if (authentication != "none") {
        return makeError(ErrorCode::InvalidFormat, "auth must be none, basic or bearer, not '" + authentication + "'");
    }
    web.user = settings.value("user", std::string());
    web.password = settings.value("password", std::string());
    web.token = settings.value("token", std::string());
    web.connectTimeoutSeconds = settings.value("connect_timeout", web.connectTimeoutSeconds);
    web.readTimeoutSeconds = settings.value("read_timeout", web.readTimeoutSeconds);
    return node;
}

core::Result<PacsNode> dimseNodeFromJson(const nlohmann::json& settings)
{
    const std::string address = settings.value("called_aet", std::string()) + "@"
        + settings.value("host", std::string()) + ":" + std::to_string(settings.value("port", 104));
    auto node = dimseNode(address, settings.value("calling_aet", std::string("DINOLENS")));
    if (!node) {
        return node.error();
    }
    DimseSettings& dimse = node->dimse;
    dimse.moveReceivePort = settings.value("move_port", 0);
    dimse.connectTimeoutSeconds = settings.value("connect_timeout", dimse.connectTimeoutSeconds);
    dimse.timeoutSeconds = settings.value("timeout", dimse.timeoutSeconds);
    if (dimse.moveReceivePort < 0 || dimse.moveReceivePort > 65535) {
        return makeError(ErrorCode::InvalidArgument, "move_port must be 0 (none) or 1-65535");
    }
    return node;
}

core::Result<PacsNode> nodeFromJson(const nlohmann::json& entry)
{
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) {
        return makeError(ErrorCode::InvalidFormat, "each node needs a \"name\"");
    }
    const std::string name = entry["name"].get<std::string>();
    const bool web = entry.contains("dicomweb") && entry["dicomweb"].is_object();
    const bool dimse = entry.contains("dimse") && entry["dimse"].is_object();
    if (web == dimse) {
        return makeError(ErrorCode::InvalidFormat, "a node has either \"dicomweb\" or \"dimse\" settings", name);
    }
    auto node = web ? dicomWebNodeFromJson(entry["dicomweb"]) : dimseNodeFromJson(entry["dimse"]);
    if (!node) {
        return makeError(node.error().code, node.error().message, name);
    }
    node->name = name;
    node->external = entry.value("external", false);
    return node;
}

} // namespace

std::string PacsNode::describe() const
{
    if (protocol == PacsProtocol::DicomWeb) {
        return "DICOMweb " + dicomWeb.baseUrl;
    }
    return "DIMSE " + dimse.calledAeTitle + "@" + dimse.host + ":" + std::to_string(dimse.port);
}

core::Result<PacsNode> dicomWebNode(const std::string& baseUrl)
{
    std::string url = baseUrl;
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    const bool http = url.rfind("http://", 0) == 0 && url.size() > 7;
    const bool https = url.rfind("https://", 0) == 0 && url.size() > 8;
    if (!http && !https) {
        return makeError(ErrorCode::InvalidArgument, "a DICOMweb URL starts with http:// or https://", baseUrl);
    }
    PacsNode node;
    node.name = url;
    node.protocol = PacsProtocol::DicomWeb;
    node.dicomWeb.baseUrl = url;
    return node;
}

core::Result<PacsNode> dimseNode(const std::string& address, const std::string& callingAeTitle)
{
    const std::size_t at = address.find('@');
    const std::size_t colon = address.rfind(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at) {
        return makeError(ErrorCode::InvalidArgument, "a DIMSE address is AET@host:port", address);
    }
    PacsNode node;
    node.name = address;
    node.protocol = PacsProtocol::Dimse;
    node.dimse.calledAeTitle = address.substr(0, at);
    node.dimse.host = address.substr(at + 1, colon - at - 1);
    node.dimse.callingAeTitle = callingAeTitle;
    int port = 0;
    try {
        std::size_t used = 0;
        port = std::stoi(address.substr(colon + 1), &used);
        port = used == address.size() - colon - 1 ? port : 0;
    } catch (const std::exception&) {
        port = 0;
    }
    node.dimse.port = port;
    for (const std::string* title : { &node.dimse.calledAeTitle, &node.dimse.callingAeTitle }) {
        if (title->empty() || title->size() > 16) {
            return makeError(ErrorCode::InvalidArgument, "an AE title has 1 to 16 characters", *title);
        }
    }
    if (node.dimse.host.empty() || port <= 0 || port > 65535) {
        return makeError(ErrorCode::InvalidArgument, "a DIMSE address needs a host and a port 1-65535", address);
    }
    return node;
}

core::Result<std::vector<PacsNode>> parsePacsNodes(const nlohmann::json& document)
{
    if (!document.is_object() || !document.contains("nodes") || !document["nodes"].is_array()) {
        return makeError(ErrorCode::InvalidFormat, "PACS nodes are a JSON object with a \"nodes\" array");
    }
    std::vector<PacsNode> nodes;
    std::set<std::string> names;
    try {
        for (const nlohmann::json& entry : document["nodes"]) {
            auto node = nodeFromJson(entry);
            if (!node) {
                return node.error();
            }
            if (node->name.empty() || !names.insert(node->name).second) {
                return makeError(ErrorCode::InvalidFormat, "node names must be present and unique", node->name);
            }
            nodes.push_back(std::move(*node));
        }
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::InvalidFormat, std::string("a node setting has the wrong type: ") + e.what());
    }
    return nodes;
}

core::Result<std::vector<PacsNode>> readPacsNodesFile(const std::filesystem::path& path)
{
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot open the PACS node file", path.string());
    }
    nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
    if (document.is_discarded()) {
        return makeError(ErrorCode::InvalidFormat, "the PACS node file is not JSON", path.string());
    }
    auto nodes = parsePacsNodes(document);
    if (!nodes) {
        return makeError(nodes.error().code, nodes.error().message, path.string() + ": " + nodes.error().context);
    }
    return nodes;
}

nlohmann::json pacsNodesToJson(const std::vector<PacsNode>& nodes)
{
    nlohmann::json list = nlohmann::json::array();
    for (const PacsNode& node : nodes) {
        nlohmann::json entry { { "name", node.name }, { "external", node.external } };
        if (node.protocol == PacsProtocol::DicomWeb) {
            const DicomWebSettings& web = node.dicomWeb;
            entry["dicomweb"] = { { "url", web.baseUrl }, { "auth", authenticationName(web.authentication) },
                { "user", web.user }, { "password", web.password }, { "token", web.token },
                { "connect_timeout", web.connectTimeoutSeconds }, { "read_timeout", web.readTimeoutSeconds } };
        } else {
            const DimseSettings& dimse = node.dimse;
            entry["dimse"] = { { "called_aet", dimse.calledAeTitle }, { "host", dimse.host }, { "port", dimse.port },
                { "calling_aet", dimse.callingAeTitle }, { "move_port", dimse.moveReceivePort },
                { "connect_timeout", dimse.connectTimeoutSeconds }, { "timeout", dimse.timeoutSeconds } };
        }
        list.push_back(std::move(entry));
    }
    return { { "nodes", list } };
}

core::Result<PacsNode> findNode(const std::vector<PacsNode>& nodes, const std::string& name)
{
    for (const PacsNode& node : nodes) {
        if (node.name == name) {
            return node;
        }
    }
    return makeError(ErrorCode::NotFound, "no PACS node of that name is configured", name);
}

} // namespace dinolens::pacs
