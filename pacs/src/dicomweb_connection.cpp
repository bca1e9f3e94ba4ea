#include "dicomweb_connection.h"

namespace dinolens::pacs::detail {
namespace {

using core::ErrorCode;
using core::makeError;

// The answer text quoted in an error: short, printable ASCII only (a garbage answer may be binary).
std::string quotedAnswer(const std::string& body)
{
    std::string text;
    for (const char c : body.substr(0, 200)) {
        text += (c >= 0x20 && c < 0x7f) ? c : ' ';
    }
    return text;
}

} // namespace

core::Result<DicomWebConnection> DicomWebConnection::open(const PacsNode& node)
{
    if (node.protocol != PacsProtocol::DicomWeb) {
        return makeError(ErrorCode::InvalidArgument, "not a DICOMweb node", node.describe());
    }
    const DicomWebSettings& settings = node.dicomWeb;
    const std::size_t hostStart = settings.baseUrl.find("://");
    if (hostStart == std::string::npos) {
        return makeError(ErrorCode::InvalidArgument, "the DICOMweb URL has no scheme", settings.baseUrl);
    }
    const std::size_t pathStart = settings.baseUrl.find('/', hostStart + 3);
    DicomWebConnection connection;
    connection.m_node = node;
    connection.m_prefix = pathStart == std::string::npos ? "" : settings.baseUrl.substr(pathStart);
    connection.m_client = std::make_shared<httplib::Client>(settings.baseUrl.substr(0, pathStart));
    if (!connection.m_client->is_valid()) {
        return makeError(ErrorCode::InvalidArgument, "the DICOMweb URL is not usable", settings.baseUrl);
    }
    httplib::Client& http = *connection.m_client;
    http.set_connection_timeout(settings.connectTimeoutSeconds, 0);
    http.set_read_timeout(settings.readTimeoutSeconds, 0);
    http.set_write_timeout(settings.readTimeoutSeconds, 0);
    http.set_keep_alive(true);
    if (settings.authentication == HttpAuthentication::Basic) {
        http.set_basic_auth(settings.user, settings.password);
    } else if (settings.authentication == HttpAuthentication::Bearer) {
        http.set_bearer_token_auth(settings.token);
    }
    return connection;
}

core::Error DicomWebConnection::noAnswer(httplib::Error error, const std::string& what) const
{
    const std::string where = m_node.describe();
    switch (error) {
    case httplib::Error::Canceled:
        return makeError(ErrorCode::Cancelled, what + " was cancelled", where);
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
        return makeError(ErrorCode::Unreadable,
            what + ": cannot connect to the PACS within " + std::to_string(m_node.dicomWeb.connectTimeoutSeconds)
                + " s; check that it runs and that the URL is right",
            where);
    case httplib::Error::Read:
        return makeError(ErrorCode::Unreadable,
            what + ": the PACS stopped answering (read time-out " + std::to_string(m_node.dicomWeb.readTimeoutSeconds)
                + " s, or the connection closed)",
            where);
    default:
        break;
    }
    return makeError(ErrorCode::Unreadable, what + ": " + httplib::to_string(error), where);
}

core::Error DicomWebConnection::failedStatus(int status, const std::string& body, const std::string& what) const
{
    std::string message = what + ": HTTP " + std::to_string(status);
    if (status == 401 || status == 403) {
        message += " (check the node's authentication)";
    } else if (status == 404) {
        message += " (not found; is the base URL the DICOMweb root?)";
    }
    if (!body.empty()) {
        message += ": " + quotedAnswer(body);
    }
    return makeError(status == 404 ? ErrorCode::NotFound : ErrorCode::Unreadable, message, m_node.describe());
}

std::string encodeQueryValue(const std::string& value)
{
    std::string encoded;
    for (const unsigned char c : value) {
        // '*' and '?' are DICOM wildcards and may stand in a query as they are (RFC 3986); some servers (Orthanc)
        // do not decode them when percent-encoded.
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '*' || c == '?') {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += "0123456789ABCDEF"[c >> 4];
            encoded += "0123456789ABCDEF"[c & 15];
        }
    }
    return encoded;
}

} // namespace dinolens::pacs::detail
