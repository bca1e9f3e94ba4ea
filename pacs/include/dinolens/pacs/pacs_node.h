#pragma once
// A PACS node: where a PACS is and how to talk to it, over DICOMweb (the main path: one outgoing HTTP(S) port,
// with authentication) or DIMSE (DCMTK's DcmSCU, for PACS without DICOMweb). Nodes come from a JSON file (the
// server's configuration, the viewer's preferences) or from the command line (`--url`, `--dimse AET@host:port`).
// Times in seconds. Thread-safety: value types.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dinolens/core/result.h"

namespace dinolens::pacs {

enum class PacsProtocol { DicomWeb, Dimse };
enum class HttpAuthentication { None, Basic, Bearer };

struct DicomWebSettings {
    std::string baseUrl; // e.g. "http://pacs:8042/dicom-web" (https when cpp-httplib was built with OpenSSL)
    HttpAuthentication authentication = HttpAuthentication::None;
    std::string user; // Basic
    std::string password; // Basic
    std::string token; // Bearer
    int connectTimeoutSeconds = 5;
    int readTimeoutSeconds = 30; // between two reads of one answer, not for the whole answer
};

struct DimseSettings {
    std::string calledAeTitle; // the PACS's AE title
    std::string host;
    int port = 104;
    std::string callingAeTitle = "DINOLENS"; // ours
    int moveReceivePort = 0; // where our storage SCP listens during a C-MOVE; 0: no C-MOVE
    int connectTimeoutSeconds = 5;
    int timeoutSeconds = 30; // ACSE and DIMSE message time-out
};

struct PacsNode {
    std::string name;
    PacsProtocol protocol = PacsProtocol::DicomWeb;
    DicomWebSettings dicomWeb;
    DimseSettings dimse;
    bool external = false; // outside the hospital: data sent there is anonymised first

    /// "dicomweb http://..." or "dimse AET@host:port", for messages and logs (never a password).
    std::string describe() const;
};

/// A DICOMweb node for `baseUrl` (http:// or https://, trailing '/' dropped). Errors: InvalidArgument.
core::Result<PacsNode> dicomWebNode(const std::string& baseUrl);

/// A DIMSE node from "AET@host:port". Errors: InvalidArgument (no '@' or ':', AE title over 16 characters, port
/// outside 1-65535).
core::Result<PacsNode> dimseNode(const std::string& address, const std::string& callingAeTitle = "DINOLENS");

/// Nodes from JSON: {"nodes": [{"name": "pacs", "dicomweb": {"url": ..., "auth": "none|basic|bearer", "user",
/// "password", "token", "connect_timeout", "read_timeout"}, "external": false}, {"name": "old", "dimse":
/// {"called_aet", "host", "port", "calling_aet", "move_port", "connect_timeout", "timeout"}}]}.
/// Errors: InvalidFormat (not that shape, duplicate or empty names), InvalidArgument (a bad address).
core::Result<std::vector<PacsNode>> parsePacsNodes(const nlohmann::json& document);
core::Result<std::vector<PacsNode>> readPacsNodesFile(const std::filesystem::path& path);
/// The inverse of parsePacsNodes.
nlohmann::json pacsNodesToJson(const std::vector<PacsNode>& nodes);

/// The node called `name`. Errors: NotFound.
core::Result<PacsNode> findNode(const std::vector<PacsNode>& nodes, const std::string& name);

} // namespace dinolens::pacs
