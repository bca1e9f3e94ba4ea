#pragma once
// Private: an HTTP error as the routes report it, the result type of a route's steps, and the mapping from core
// errors. Every error body is JSON:
// {"error": {"status": 413, "code": "payload_too_large", "message": "..."}}.

#include <string>

#include "dinolens/core/result.h"

namespace dinolens::server {

struct HttpError {
    int status = 500;
    std::string code; // stable snake_case name
    std::string message;
    int retryAfterSeconds = 0; // > 0: sent as Retry-After
};

/// What a step of a route returns: core's Result, with the error already the answer's (status and code).
template <typename T> using HttpResult = core::Result<T, HttpError>;
using HttpStatus = HttpResult<core::Unit>;

/// JSON text of an error body.
std::string errorBody(int status, const std::string& code, const std::string& message);

/// Decoding and IO errors: InvalidFormat/Truncated -> 400, TooLarge -> 413, UnsupportedFormat -> 415,
/// InvalidArgument -> 422, Cancelled (shutting down) and Unavailable -> 503 with Retry-After, TimedOut -> 504,
/// others -> 500.
HttpError httpErrorFrom(const core::Error& error);

/// The reason phrase of a status line ("Payload Too Large").
std::string statusReason(int status);

/// Standard reason code of a status ("not_found", "payload_too_large", ...).
std::string statusCodeName(int status);

} // namespace dinolens::server
