#pragma once
// Private: the checks on a request's line and headers made before any of its body is read: framing
// (Content-Length, Transfer-Encoding), Content-Encoding, the body limit, routes that take no body, and the
// bearer token. Pure functions of the request; thread-safety: reentrant.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "http_error.h"

namespace dinolens::server {

struct ScreeningRules {
    std::size_t maxBodyBytes = 64u << 20;
    std::vector<std::string> bodyRoutes; // POST routes that read a body
    std::vector<std::string> routes; // every route (any method)
};

/// The error to answer instead of reading the body, or nothing. Compressed bodies (any Content-Encoding but
/// identity) are refused with 415: the server does not inflate uploads, so that the body limit is the limit on
/// what it stores. A Content-Length above the limit gets 413 before a byte of the body is read.
HttpStatus screenRequest(const httplib::Request& request, const ScreeningRules& rules);

/// True when `authorization` is "Bearer <token>" for `token`: the scheme in any case, spaces around the token
/// ignored; compared in a time that does not depend on how much of the token matched.
bool bearerTokenMatches(const std::string& authorization, const std::string& token);

} // namespace dinolens::server
