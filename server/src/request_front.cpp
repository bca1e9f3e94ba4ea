#include "request_front.h"

#include <algorithm>

namespace dinolens::server {
namespace {

bool isOpen(const FrontOptions& options, const std::string& path)
{
    return std::find(options.openRoutes.begin(), options.openRoutes.end(), path) != options.openRoutes.end();
}

// Whether a request is routed, else the answer it gets instead; read before the body.
HttpStatus admission(const FrontOptions& options, const httplib::Request& request)
{
    if (!options.token.empty() && !isOpen(options, request.path)
        && !bearerTokenMatches(request.get_header_value("Authorization"), options.token)) {
        return HttpError { 401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required" };
    }
    return screenRequest(request, options.screening);
}

void answerRefusal(const HttpError& error, httplib::Response& response)
{
    sendError(response, error);
    if (error.status == 401) {
        response.set_header("WWW-Authenticate", "Bearer");
    }
    closeConnectionAfterResponse(response);
}

} // namespace

void sendError(httplib::Response& response, const HttpError& error)
{
    response.status = error.status;
    if (error.retryAfterSeconds > 0) {
        response.set_header("Retry-After", std::to_string(error.retryAfterSeconds));
    }
    response.set_content(errorBody(error.status, error.code, error.message), "application/json");
}

void configureRequestFront(GuardedHttpServer& http, const FrontOptions& options)
{
    http.set_expect_100_continue_handler([options](const httplib::Request& request, httplib::Response& response) {
        if (const auto admitted = admission(options, request); !admitted) {
            answerRefusal(admitted.error(), response);
            return admitted.error().status;
        }
        return 100;
    });
    http.set_pre_routing_handler([options](const httplib::Request& request, httplib::Response& response) {
        if (RequestStream* stream = currentRequestStream()) {
            stream->beginBody();
        }
        if (const auto admitted = admission(options, request); !admitted) {
            answerRefusal(admitted.error(), response);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Statuses cpp-httplib sets itself (404, 400 for malformed requests) get a JSON body too; a request line or
    // headers cut short by the deadline or the budget are answered 408 or 431.
    const httplib::Server::HandlerWithResponse jsonErrors = [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        if (const RequestStream* stream = currentRequestStream(); stream != nullptr && !stream->progress().inBody) {
            if (stream->progress().deadlinePassed) {
                response.status = 408;
            } else if (stream->progress().budgetExceeded) {
                response.status = 431;
            }
        }
        if (response.status == 400 || response.status == 408 || response.status == 431) {
            closeConnectionAfterResponse(response);
        }
        const std::string code = statusCodeName(response.status);
        response.set_content(
            errorBody(response.status, code, "the request cannot be served: " + code), "application/json");
        return httplib::Server::HandlerResponse::Handled;
    };
    http.set_error_handler(jsonErrors);
    http.set_exception_handler([](const httplib::Request&, httplib::Response& response, std::exception_ptr) {
        sendError(response, { 500, "internal", "unexpected server error" });
        closeConnectionAfterResponse(response);
    });
}

void postUpload(GuardedHttpServer& http, const std::string& path, const UploadLimits& limits, UploadHandler handler)
{
    http.Post(path,
        [limits, handler](
            const httplib::Request& request, httplib::Response& response, const httplib::ContentReader& reader) {
            auto upload = readUpload(request, response, reader, limits);
            if (!upload) {
                sendError(response, upload.error());
                return;
            }
            handler(request, *upload, response);
        });
}

} // namespace dinolens::server
