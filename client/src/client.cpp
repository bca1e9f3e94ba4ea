#include "dinolens/client/client.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <httplib.h>

#include "response_parsing.h"

namespace dinolens::client {
namespace {

using core::ErrorCode;
using core::makeError;

thread_local int t_lastStatus = 0;

struct Answer {
    int status = 0;
    std::string body;
};

std::string encodeQuery(const std::string& value)
{
    std::ostringstream out;
    for (const unsigned char c : value) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out << c;
        } else {
            out << '%' << "0123456789ABCDEF"[c >> 4] << "0123456789ABCDEF"[c & 15];
        }
    }
    return out.str();
}

core::Result<std::string> readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::NotFound, "cannot open the file", path.string());
    }
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string contentTypeFor(const std::filesystem::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".png") {
        return "image/png";
    }
    if (extension == ".jpg" || extension == ".jpeg") {
        return "image/jpeg";
    }
    return "application/dicom";
}

// One request with retries on 503 (after Retry-After, capped); connection failures are not retried.
core::Result<Answer> send(const ClientOptions& options, const std::function<httplib::Result(httplib::Client&)>& request)
{
    for (int attempt = 0;; ++attempt) {
        httplib::Client http(options.url);
        http.set_connection_timeout(options.connectTimeout);
        http.set_read_timeout(options.timeout);
        http.set_write_timeout(options.timeout);
        if (!options.token.empty()) {
            http.set_bearer_token_auth(options.token);
        }
        const httplib::Result result = request(http);
        if (!result) {
            t_lastStatus = 0;
            return makeError(
                ErrorCode::Unreadable, "no answer from the server: " + httplib::to_string(result.error()), options.url);
        }
        t_lastStatus = result->status;
        if (result->status != 503 || attempt >= options.retries) {
            return Answer { result->status, result->body };
        }
        auto delay = std::chrono::milliseconds(250 * (attempt + 1));
        if (result->has_header("Retry-After")) {
            try {
                delay = std::chrono::seconds(std::stoi(result->get_header_value("Retry-After")));
            } catch (const std::exception&) {
            }
        }
        std::this_thread::sleep_for(std::min(delay, options.maxRetryDelay));
    }
}

core::Result<std::string> expectOk(const core::Result<Answer>& answer, const std::string& what)
{
    if (!answer) {
        return answer.error();
    }
    if (answer->status != 200) {
        return makeError(errorCodeForStatus(answer->status),
            "HTTP " + std::to_string(answer->status) + " " + detail::errorMessage(answer->body), what);
    }
    return answer->body;
}

} // namespace

Client::Client(ClientOptions options)
    : m_options(std::move(options))
{
}

int Client::lastStatus()
{
    return t_lastStatus;
}

core::ErrorCode errorCodeForStatus(int status)
{
    switch (status) {
    case 400:
    case 422:
        return ErrorCode::InvalidFormat;
    case 401:
        return ErrorCode::InvalidArgument;
    case 404:
        return ErrorCode::NotFound;
    case 413:
        return ErrorCode::TooLarge;
    case 415:
        return ErrorCode::UnsupportedFormat;
    case 503:
        return ErrorCode::Unavailable;
    case 504:
        return ErrorCode::TimedOut;
    default:
        return ErrorCode::Internal;
    }
}

core::Status Client::health() const
{
    auto body = expectOk(send(m_options, [](httplib::Client& http) { return http.Get("/v1/health"); }), "/v1/health");
    if (!body) {
        return body.error();
    }
    return core::okStatus();
}

core::Result<bool> Client::ready() const
{
    ClientOptions once = m_options;
    once.retries = 0; // 503 is the answer here, not a reason to retry
    auto answer = send(once, [](httplib::Client& http) { return http.Get("/v1/health/ready"); });
    if (!answer) {
        return answer.error();
    }
    return answer->status == 200;
}

core::Result<std::vector<ModelInfo>> Client::models() const
{
    auto body = expectOk(send(m_options, [](httplib::Client& http) { return http.Get("/v1/models"); }), "/v1/models");
    if (!body) {
        return body.error();
    }
    return detail::parseModels(*body);
}

core::Result<SegmentResult> Client::segment(
    const std::string& bytes, const std::string& contentType, const SegmentOptions& options) const
{
    std::string path = "/v1/segment?features=" + std::string(options.featureMaps ? "true" : "false");
    if (!options.model.empty()) {
        path += "&model=" + encodeQuery(options.model);
    }
    auto answer = send(m_options, [&](httplib::Client& http) {
        if (options.multipart) {
            const httplib::MultipartFormDataItems items = { { "image", bytes, "upload", contentType } };
            return http.Post(path.c_str(), httplib::Headers {}, items);
        }
        return http.Post(path.c_str(), bytes, contentType.c_str());
    });
    auto body = expectOk(answer, "/v1/segment");
    if (!body) {
        return body.error();
    }
    return detail::parseSegmentResult(*body);
}

core::Result<SegmentResult> Client::segmentFile(const std::filesystem::path& image, const SegmentOptions& options) const
{
    auto bytes = readFile(image);
    if (!bytes) {
        return bytes.error();
    }
    return segment(*bytes, contentTypeFor(image), options);
}

core::Result<SeriesResult> Client::segmentSeries(
    const std::vector<std::filesystem::path>& files, const std::string& model, const std::string& planes) const
{
    httplib::MultipartFormDataItems items;
    for (const auto& file : files) {
        auto bytes = readFile(file);
        if (!bytes) {
            return bytes.error();
        }
        items.push_back({ "files", std::move(*bytes), file.filename().string(), "application/dicom" });
    }
    std::string path = "/v1/segment/series";
    for (const auto& [name, value] : { std::pair { "model", &model }, std::pair { "planes", &planes } }) {
        if (!value->empty()) {
            path.append(path.find('?') == std::string::npos ? "?" : "&").append(name).append("=");
            path.append(encodeQuery(*value));
        }
    }
    auto body = expectOk(
        send(m_options, [&](httplib::Client& http) { return http.Post(path.c_str(), httplib::Headers {}, items); }),
        "/v1/segment/series");
    if (!body) {
        return body.error();
    }
    return detail::parseSeriesResult(*body);
}

core::Result<std::string> Client::metrics() const
{
    return expectOk(send(m_options, [](httplib::Client& http) { return http.Get("/metrics"); }), "/metrics");
}

} // namespace dinolens::client
