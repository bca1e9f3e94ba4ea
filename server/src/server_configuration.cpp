#include "dinolens/server/server_configuration.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <fstream>
#include <set>

namespace dinolens::server {
namespace {

using core::ErrorCode;
using core::makeError;

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n\v\f");
    if (first == std::string::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n\v\f") - first + 1);
}

} // namespace

std::string modelIdOf(const std::filesystem::path& folder)
{
    const std::filesystem::path normal = folder.lexically_normal();
    const std::string id = normal.filename().string();
    return id.empty() ? normal.parent_path().filename().string() : id;
}

core::Status checkServerOptions(const ServerOptions& options)
{
    const auto refuse
        = [](const std::string& what) { return makeError(ErrorCode::InvalidArgument, what + " must be positive"); };
    if (options.maxBodyBytes == 0) {
        return refuse("the body limit");
    }
    if (options.maxImageSide <= 0 || options.queueCapacity == 0 || options.maxBatch <= 0
        || options.maxSeriesSlices <= 0) {
        return refuse("the image side, queue, batch and series limits");
    }
    if (options.requestTimeout.count() <= 0 || options.ioTimeout.count() <= 0 || options.requestDeadline.count() <= 0
        || options.keepAliveTimeout.count() <= 0 || options.batchWindow.count() < 0) {
        return refuse("each timeout");
    }
    if (options.maxConnections <= 0 || options.maxConnectionsPerClient <= 0 || options.computeThreads < 0) {
        return refuse("the connection limits");
    }
    if (options.port < 0 || options.port > 65535) {
        return makeError(ErrorCode::InvalidArgument, "the port must be between 0 and 65535");
    }
    std::set<std::string> ids;
    for (const auto& folder : options.models) {
        const std::string id = modelIdOf(folder);
        if (!ids.insert(id).second) {
            return makeError(ErrorCode::InvalidArgument,
                "two models have the id '" + id + "' (the folder name); rename one of the folders", folder.string());
        }
    }
    return core::okStatus();
}

bool isLoopbackHost(const std::string& host)
{
    if (host == "localhost" || host == "::1" || host == "[::1]") {
        return true;
    }
    in_addr address {};
    return ::inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

std::vector<std::string> serverWarnings(const ServerOptions& options)
{
    std::vector<std::string> warnings;
    if (!isLoopbackHost(options.host) && options.token.empty()) {
        warnings.push_back("listening on " + options.host
            + " without a token: anyone who can reach this address can use the server (--token-file)");
    }
    return warnings;
}

core::Result<TokenFile> readTokenFile(const std::filesystem::path& path)
{
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0) {
        return makeError(ErrorCode::NotFound, "cannot find the token file", path.string());
    }
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) {
        return makeError(ErrorCode::Unreadable, "cannot read a token from the token file", path.string());
    }
    TokenFile file;
    file.token = trimmed(line);
    if (file.token.empty()) {
        return makeError(ErrorCode::InvalidFormat, "the first line of the token file is empty", path.string());
    }
    if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        file.warnings.push_back("the token file " + path.string() + " can be read by other users (chmod 600 it)");
    }
    return file;
}

} // namespace dinolens::server
