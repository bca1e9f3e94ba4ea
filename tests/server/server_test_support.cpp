#include "server_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "dinolens/core/data_location.h"
#include "dinolens/inference/trainer.h"

namespace dinolens::test {
namespace {

void lowerCase(std::string& text)
{
    std::transform(
        text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}

} // namespace

RawAnswer parseAnswer(const std::string& text)
{
    RawAnswer answer;
    const size_t headerEnd = text.find("\r\n\r\n");
    if (text.rfind("HTTP/1.", 0) != 0 || headerEnd == std::string::npos) {
        return answer;
    }
    answer.status = std::stoi(text.substr(9, 3));
    std::istringstream lines(text.substr(0, headerEnd));
    std::string line;
    std::getline(lines, line);
    while (std::getline(lines, line)) {
        const size_t colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        std::string name = line.substr(0, colon);
        lowerCase(name);
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        value.erase(value.find_last_not_of("\r ") + 1);
        answer.headers[name] = value;
    }
    answer.body = text.substr(headerEnd + 4);
    return answer;
}

// The temporary folder of the run, removed when the test process exits.
struct TemporaryFolder {
    std::filesystem::path path;
    ~TemporaryFolder()
    {
        std::error_code ignored;
        if (!path.empty()) {
            std::filesystem::remove_all(path, ignored);
        }
    }
};

std::filesystem::path tinyRun(std::string& why)
{
    static std::once_flag once;
    static TemporaryFolder folderOwner;
    static std::filesystem::path run;
    static std::string error;
    std::call_once(once, [] {
        const auto data = core::dataRoot() / "brain-tumor";
        if (!std::filesystem::exists(data)) {
            error = "no brain-tumor data under " + core::dataRoot().string();
            return;
        }
        char pattern[] = "/tmp/dinolens-test-run-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) {
            error = "cannot create a temporary folder";
            return;
        }
        folderOwner.path = pattern;
        inference::TrainingConfig config;
        config.datasets = { { data, 1.0 } };
        config.baseModel = { "random-small" };
        config.epochs = 1;
        config.batchSize = 4;
        config.maxImages = 4;
        config.resolution = 64;
        config.threads = 2;
        config.validSplit.clear(); // a served model needs no validation curves
        const auto folder = std::filesystem::path(pattern) / "tiny-run";
        auto summary = inference::trainSegmentationHead(config, folder);
        if (!summary) {
            error = summary.error().toString();
            return;
        }
        run = folder;
    });
    why = error;
    return run;
}

std::unique_ptr<server::Server> startServer(server::ServerOptions options, std::string& why)
{
    options.host = "127.0.0.1";
    options.port = 0;
    auto server = server::Server::create(std::move(options));
    if (!server) {
        why = server.error().toString();
        return nullptr;
    }
    if (auto started = (*server)->start(); !started) {
        why = started.error().toString();
        return nullptr;
    }
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!(*server)->ready()) {
        if (std::chrono::steady_clock::now() > until) {
            why = "the model did not load within 60 s";
            return nullptr;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::move(*server);
}

RawAnswer rawExchange(int port, const std::string& request, std::chrono::milliseconds timeout)
{
    const int socketFd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(socketFd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(socketFd);
        return {};
    }
    size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n = ::send(socketFd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            break; // the server may answer (413) and close before the whole body is sent
        }
        sent += static_cast<size_t>(n);
    }
    std::string received;
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buffer[65536];
    while (std::chrono::steady_clock::now() < until) {
        pollfd descriptor { socketFd, POLLIN, 0 };
        if (::poll(&descriptor, 1, 100) <= 0) {
            continue;
        }
        const ssize_t n = ::recv(socketFd, buffer, sizeof(buffer), 0);
        if (n <= 0) {
            break;
        }
        received.append(buffer, static_cast<size_t>(n));
    }
    ::close(socketFd);
    return parseAnswer(received);
}

std::string httpRequest(const std::string& method, const std::string& target, const std::string& body,
    const std::string& contentType, const std::string& extraHeaders)
{
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!contentType.empty()) {
        request += "Content-Type: " + contentType + "\r\n";
    }
    if (method == "POST" || method == "PUT") {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return request + extraHeaders + "\r\n" + body;
}

std::pair<std::string, std::string> multipartBody(const std::vector<Part>& parts)
{
    const std::string boundary = "dinolensTestBoundary7MA4YWxkTrZu0gW";
    std::string body;
    for (const Part& part : parts) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
        if (!part.filename.empty()) {
            body += "; filename=\"" + part.filename + "\"";
        }
        body += "\r\n";
        if (!part.contentType.empty()) {
            body += "Content-Type: " + part.contentType + "\r\n";
        }
        body += "\r\n" + part.bytes + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return { body, "multipart/form-data; boundary=" + boundary };
}

std::string readBytes(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::filesystem::path firstValidationImage()
{
    std::vector<std::filesystem::path> images;
    for (const auto& entry : std::filesystem::directory_iterator(core::dataRoot() / "brain-tumor/valid/images")) {
        images.push_back(entry.path());
    }
    std::sort(images.begin(), images.end());
    return images.empty() ? std::filesystem::path() : images.front();
}

} // namespace dinolens::test
