#include "request_screening.h"

#include <algorithm>
#include <cctype>

namespace dinolens::server {
namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string lowerCase(std::string text)
{
    std::transform(
        text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool isBodyMethod(const std::string& method)
{
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

// Whether the request has a body, from its framing; an error for framings a server must refuse (RFC 9112 section 6).
HttpResult<bool> hasBodyFraming(const httplib::Request& request, const ScreeningRules& rules)
{
    const auto lengths = request.get_header_value_count("Content-Length");
    const auto encodings = request.get_header_value_count("Transfer-Encoding");
    if (encodings > 0) {
        if (encodings > 1 || lengths > 0
            || lowerCase(trimmed(request.get_header_value("Transfer-Encoding"))) != "chunked") {
            return HttpError { 400, "unsupported_transfer_encoding",
                "send the body with a Content-Length, or with Transfer-Encoding: chunked alone" };
        }
        return true;
    }
    if (lengths == 0) {
        return false;
    }
    const std::string value = trimmed(request.get_header_value("Content-Length"));
    if (lengths > 1 || value.empty() || value.size() > 19
        || !std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        return HttpError { 400, "bad_content_length", "the Content-Length header is not one decimal number" };
    }
    const unsigned long long length = std::stoull(value);
    if (length > rules.maxBodyBytes) {
        return HttpError { 413, "payload_too_large",
            "the request body (" + value + " bytes) exceeds the server's limit of " + std::to_string(rules.maxBodyBytes)
                + " bytes" };
    }
    return length > 0;
}

} // namespace

HttpStatus screenRequest(const httplib::Request& request, const ScreeningRules& rules)
{
    const auto framing = hasBodyFraming(request, rules);
    if (!framing) {
        return framing.error();
    }
    const bool hasBody = *framing;
    const bool bodyRoute = request.method == "POST" && contains(rules.bodyRoutes, request.path);
    if (!bodyRoute && (hasBody || isBodyMethod(request.method))) {
        return contains(rules.routes, request.path)
            ? HttpError { 405, "method_not_allowed", request.method + " is not allowed on " + request.path }
            : HttpError { 404, "not_found", "no route " + request.path };
    }
    if (!bodyRoute) {
        return core::Unit {};
    }
    if (!hasBody && request.get_header_value_count("Content-Length") == 0) {
        return HttpError { 411, "length_required", "send the body with a Content-Length or chunked" };
    }
    const std::string encoding = lowerCase(trimmed(request.get_header_value("Content-Encoding")));
    if (request.has_header("Content-Encoding") && encoding != "identity") {
        return HttpError { 415, "unsupported_content_encoding",
            "compressed request bodies are not accepted (Content-Encoding: "
                + request.get_header_value("Content-Encoding") + "); send the body uncompressed" };
    }
    return core::Unit {};
}

bool bearerTokenMatches(const std::string& authorization, const std::string& token)
{
    const std::string value = trimmed(authorization);
    const auto space = value.find_first_of(" \t");
    if (token.empty() || space == std::string::npos || lowerCase(value.substr(0, space)) != "bearer") {
        return false;
    }
    const std::string given = trimmed(value.substr(space));
    unsigned difference = given.size() == token.size() ? 0u : 1u;
    for (std::size_t i = 0; i < given.size(); ++i) {
        difference |= static_cast<unsigned>(given[i] ^ token[i % token.size()]);
    }
    return difference == 0;
}

} // namespace dinolens::server
