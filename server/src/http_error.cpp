#include "http_error.h"

#include "json_text.h"

namespace dinolens::server {

std::string errorBody(int status, const std::string& code, const std::string& message)
{
    nlohmann::json body;
    body["error"] = { { "status", status }, { "code", code }, { "message", message } };
    return jsonText(body);
}

HttpError httpErrorFrom(const core::Error& error)
{
    using core::ErrorCode;
    const std::string message = error.toString();
    switch (error.code) {
    case ErrorCode::InvalidFormat:
    case ErrorCode::Truncated:
    case ErrorCode::NotFound:
    case ErrorCode::Unreadable:
        return { 400, "invalid_image", message };
    case ErrorCode::TooLarge:
        return { 413, "image_too_large", message };
    case ErrorCode::UnsupportedFormat:
        return { 415, "unsupported_media_type", message };
    case ErrorCode::InvalidArgument:
        return { 422, "invalid_argument", message };
    case ErrorCode::Cancelled: // work stops only when the server does
        return { 503, "shutting_down", message, 1 };
    case ErrorCode::Unavailable: // a full queue
        return { 503, "unavailable", message, 1 };
    case ErrorCode::TimedOut:
        return { 504, "timeout", message };
    default:
        return { 500, "internal", message };
    }
}

std::string statusReason(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 503:
        return "Service Unavailable";
    default:
        return status >= 500 ? "Internal Server Error" : "Bad Request";
    }
}

std::string statusCodeName(int status)
{
    switch (status) {
    case 400:
        return "bad_request";
    case 401:
        return "unauthorized";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 408:
        return "request_timeout";
    case 411:
        return "length_required";
    case 413:
        return "payload_too_large";
    case 414:
        return "uri_too_long";
    case 415:
        return "unsupported_media_type";
    case 422:
        return "unprocessable";
    case 431:
        return "headers_too_large";
    case 503:
        return "unavailable";
    case 504:
        return "timeout";
    default:
        return status >= 500 ? "internal" : "bad_request";
    }
}

} // namespace dinolens::server
