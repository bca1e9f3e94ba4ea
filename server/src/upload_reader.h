#pragma once
// Private: a request body read through cpp-httplib's ContentReader under a byte budget. cpp-httplib would read
// a chunked (or decompressed) body into memory whatever its size; read here, the body stops at the limit and the
// request is answered 413. Multipart bodies are split into their parts on the way. Thread-safety: reentrant.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "http_error.h"

namespace dinolens::server {

struct UploadPart {
    int number = 0; // from 1, in the order sent
    std::string name; // the form field name
    std::string filename;
    std::string contentType;
    std::string bytes;
};

struct Upload {
    bool multipart = false;
    std::string contentType; // of the request
    std::string body; // when not multipart
    std::vector<UploadPart> parts; // when multipart

    /// The first part named `name`, or null.
    const UploadPart* part(const std::string& name) const;
};

struct UploadLimits {
    std::size_t maxBytes = 64u << 20; // body bytes (for multipart: the parts' contents and headers)
    std::size_t maxParts = 1024;
};

/// Reads the request's body. Errors: 413 beyond a limit, 408 when the body did not arrive in time, 400 when it is
/// malformed (chunked framing, multipart). After an error the connection is marked to close.
HttpResult<Upload> readUpload(const httplib::Request& request, httplib::Response& response,
    const httplib::ContentReader& reader, const UploadLimits& limits);

} // namespace dinolens::server
