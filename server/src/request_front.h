#pragma once
// Private: what every request passes before a route sees it, on a GuardedHttpServer: the bearer token, the
// screening of its headers (request_screening.h) both for Expect: 100-continue and for ordinary requests, JSON
// bodies for the statuses cpp-httplib sets itself, and the body routes, whose bodies are read under a byte
// budget (upload_reader.h). The server and the request-decoding fuzz target configure it the same way.
// Thread-safety: the handlers it installs are reentrant; the options are copied.

#include <functional>
#include <string>
#include <vector>

#include "guarded_http_server.h"
#include "request_screening.h"
#include "upload_reader.h"

namespace dinolens::server {

struct FrontOptions {
    std::string token; // non-empty: routes outside openRoutes need "Bearer <token>"
    std::vector<std::string> openRoutes;
    ScreeningRules screening;
    UploadLimits upload;
};

/// Installs the pre-routing, 100-continue, error and exception handlers.
void configureRequestFront(GuardedHttpServer& http, const FrontOptions& options);

using UploadHandler = std::function<void(const httplib::Request&, Upload&, httplib::Response&)>;

/// A POST route whose body is read under the upload limits before `handler` runs; errors are answered.
void postUpload(GuardedHttpServer& http, const std::string& path, const UploadLimits& limits, UploadHandler handler);

/// Sends `error` as the JSON body (with Retry-After when set).
void sendError(httplib::Response& response, const HttpError& error);

} // namespace dinolens::server
