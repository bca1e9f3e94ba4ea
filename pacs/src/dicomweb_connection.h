#pragma once
// What the QIDO-RS, WADO-RS and STOW-RS calls share: the HTTP client for a node (authentication, time-outs), the
// path under the node's base URL, query encoding, and errors that say what failed where.

#include <memory>
#include <string>

#include <httplib.h>

#include "dinolens/core/result.h"
#include "dinolens/pacs/pacs_node.h"

namespace dinolens::pacs::detail {

class DicomWebConnection {
public:
    /// Errors: InvalidArgument (not a DICOMweb node, an unusable URL).
    static core::Result<DicomWebConnection> open(const PacsNode& node);

    httplib::Client& http() { return *m_client; }
    /// The base URL's path followed by `relative` ("/studies?..." -> "/dicom-web/studies?...").
    std::string path(const std::string& relative) const { return m_prefix + relative; }
    const PacsNode& node() const { return m_node; }

    /// The request got no answer: down, refused, timed out, cancelled. Cancelled maps to Cancelled.
    core::Error noAnswer(httplib::Error error, const std::string& what) const;
    /// The answer's status was not a success.
    core::Error failedStatus(int status, const std::string& body, const std::string& what) const;

private:
    PacsNode m_node;
    std::string m_prefix;
    std::shared_ptr<httplib::Client> m_client;
};

/// Percent-encoding of a query value (RFC 3986 unreserved characters and the wildcards '*' and '?' kept).
std::string encodeQueryValue(const std::string& value);

} // namespace dinolens::pacs::detail
