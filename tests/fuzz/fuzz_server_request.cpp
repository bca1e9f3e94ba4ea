// Fuzzes the server's request decoding: the input is what one client sends on a connection (request lines,
// headers, bodies, chunked framing, multipart, possibly several pipelined requests). It goes through cpp-httplib's
// parser on a GuardedHttpServer configured as the server configures it (token, header screening, 100-continue,
// bodies read under a byte budget into uploads), to routes that check what the server's routes check before a
// model runs: the model name's UTF-8, DICOMDIR parts, JSON answers built from request bytes. The first input
// byte sets how the bytes arrive (slice size), so that reads split the stream at every place.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "guarded_http_server.h"
#include "json_text.h"
#include "request_front.h"
#include "upload_screening.h"

namespace {

using namespace dinolens::server;

class MemoryStream final : public RequestStream {
public:
    MemoryStream(std::string_view input, std::size_t slice, RequestLimits limits)
        : RequestStream(limits)
        , m_input(input)
        , m_slice(slice)
    {
    }
    const std::string& output() const { return m_output; }

    void get_remote_ip_and_port(std::string& ip, int& port) const override
    {
        ip = "127.0.0.1";
        port = 40000;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override
    {
        ip = "127.0.0.1";
        port = 8080;
    }
    socket_t socket() const override { return INVALID_SOCKET; }

protected:
    ssize_t receive(char* ptr, size_t size, std::chrono::milliseconds) override
    {
        const std::size_t count = std::min({ size, m_slice, m_input.size() - m_at });
        std::copy_n(m_input.data() + m_at, count, ptr);
        m_at += count;
        return static_cast<ssize_t>(count);
    }
    ssize_t send(const char* ptr, size_t size, std::chrono::milliseconds) override
    {
        m_output.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    bool readable(std::chrono::milliseconds) const override { return true; }
    bool writable(std::chrono::milliseconds) const override { return true; }

private:
    std::string_view m_input;
    std::size_t m_slice;
    std::size_t m_at = 0;
    std::string m_output;
};

void checkUpload(const httplib::Request& request, Upload& upload, httplib::Response& response)
{
    std::string model = request.get_param_value("model");
    if (const UploadPart* field = upload.part("model"); model.empty() && field != nullptr) {
        model = field->bytes;
    }
    if (!isValidUtf8(model)) {
        sendError(response, { 404, "unknown_model", "no such model: the model name is not valid UTF-8" });
        return;
    }
    nlohmann::json parts = nlohmann::json::array();
    for (const UploadPart& part : upload.parts) {
        if (looksLikeDicomDirectory(part.bytes)) {
            sendError(response, { 400, "dicomdir_refused", "part is a DICOMDIR" });
            return;
        }
        parts.push_back({ { "name", part.name }, { "filename", part.filename }, { "type", part.contentType },
            { "bytes", part.bytes.size() } });
    }
    // Request bytes in JSON, as the server's answers carry them: the text must come out valid UTF-8.
    const nlohmann::json echo = { { "model", model }, { "content_type", upload.contentType }, { "parts", parts } };
    if (!isValidUtf8(jsonText(echo))) {
        __builtin_trap();
    }
    response.set_content(
        jsonText({ { "body_bytes", upload.body.size() }, { "parts", upload.parts.size() } }), "application/json");
}

GuardedHttpServer& fuzzServer()
{
    static GuardedHttpServer* server = [] {
        ConnectionPolicy policy;
        policy.request.headerBytes = 16u << 10;
        policy.request.bodyBytes = 128u << 10;
        auto* http = new GuardedHttpServer(policy);
        FrontOptions front;
        front.token = "fuzz-token";
        front.openRoutes = { "/v1/health", "/v1/segment" };
        front.screening.maxBodyBytes = 64u << 10;
        front.screening.bodyRoutes = { "/v1/segment", "/v1/segment/series" };
        front.screening.routes = { "/v1/health", "/v1/models", "/v1/segment", "/v1/segment/series" };
        front.upload = { 64u << 10, 16 };
        configureRequestFront(*http, front);
        http->Get("/v1/health", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(R"({"status":"ok"})", "application/json");
        });
        postUpload(*http, "/v1/segment", front.upload, checkUpload);
        postUpload(*http, "/v1/segment/series", front.upload, checkUpload);
        return http;
    }();
    return *server;
}

// True when some answer in `output` (answers one after another, each sized by its Content-Length) is a 5xx.
bool anyServerError(const std::string& output)
{
    std::size_t at = 0;
    while (at < output.size()) {
        if (output.compare(at, 9, "HTTP/1.1 ") != 0 || at + 9 >= output.size()) {
            return false; // a cut-off answer (the stream ended while writing)
        }
        if (output[at + 9] == '5') {
            return true;
        }
        const std::size_t headerEnd = output.find("\r\n\r\n", at);
        if (headerEnd == std::string::npos) {
            return false;
        }
        const std::size_t length = output.find("Content-Length: ", at);
        const std::size_t body = length != std::string::npos && length < headerEnd
            ? std::stoul(output.substr(length + 16, output.find("\r\n", length) - length - 16))
            : 0;
        at = headerEnd + 4 + body;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) {
        return 0;
    }
    const std::size_t slice = 1 + data[0] % 64 * 37;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    RequestLimits limits = fuzzServer().policy().request;
    limits.ioTimeout = std::chrono::milliseconds(1);
    MemoryStream stream(input, slice, limits);
    fuzzServer().serveConnection(stream, [] { return true; });
    // Whatever the client sent, no answer is a 5xx.
    if (anyServerError(stream.output())) {
        __builtin_trap();
    }
    return 0;
}
