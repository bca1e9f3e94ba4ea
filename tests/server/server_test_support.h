#pragma once
// Test support for the server suites: a real tiny model run (the real trainer, random-small backbone, a few
// images of the real data, one epoch), an in-process server on a loopback port, and a raw HTTP/1.1 exchange
// over a socket for the requests a well-behaved client would never send.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "dinolens/server/server.h"

namespace dinolens::test {

/// Trains (once per process) a tiny run into a temporary folder and returns it; empty on failure (with `why`).
std::filesystem::path tinyRun(std::string& why);

/// Starts a server on 127.0.0.1 with a free port and waits until it is ready (at most 60 s).
std::unique_ptr<server::Server> startServer(server::ServerOptions options, std::string& why);

struct RawAnswer {
    int status = 0; // 0: no answer (connection closed or timed out)
    std::map<std::string, std::string> headers; // lower-case names
    std::string body;
};

/// Parses an HTTP/1.1 answer (status line, headers, body as received).
RawAnswer parseAnswer(const std::string& text);

/// Sends `request` verbatim to 127.0.0.1:port and reads until the server closes or `timeout` passes.
RawAnswer rawExchange(
    int port, const std::string& request, std::chrono::milliseconds timeout = std::chrono::seconds(30));

/// A complete request with Content-Length and "Connection: close".
std::string httpRequest(const std::string& method, const std::string& target, const std::string& body = {},
    const std::string& contentType = {}, const std::string& extraHeaders = {});

/// A multipart/form-data body and its Content-Type; parts are (name, filename, content type, bytes).
struct Part {
    std::string name;
    std::string filename;
    std::string contentType;
    std::string bytes;
};
std::pair<std::string, std::string> multipartBody(const std::vector<Part>& parts);

std::string readBytes(const std::filesystem::path& path);
/// The first image (sorted by name) of the brain-tumour validation split.
std::filesystem::path firstValidationImage();

} // namespace dinolens::test
