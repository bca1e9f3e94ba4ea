#pragma once
// Checks of a server configuration made before anything starts: limits that cannot work, model ids given twice,
// and settings that work but expose the server (a token file others can read, no token on a non-loopback
// address). Thread-safety: reentrant. Units: as ServerOptions.

#include <filesystem>
#include <string>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/server/server.h"

namespace dinolens::server {

/// The id a model folder is served under: its folder name.
std::string modelIdOf(const std::filesystem::path& folder);

/// InvalidArgument naming the first problem: a zero or negative limit, a timeout of zero, or two models with
/// the same id (the folder name), which would share one queue name.
core::Status checkServerOptions(const ServerOptions& options);

/// Warnings for a configuration that works but exposes the server: a host other than loopback without a token.
std::vector<std::string> serverWarnings(const ServerOptions& options);

/// True for "localhost", 127.0.0.0/8 and ::1.
bool isLoopbackHost(const std::string& host);

struct TokenFile {
    std::string token; // the first line, whitespace around it removed
    std::vector<std::string> warnings; // e.g. the file is readable by group or others
};

/// Reads a bearer token file. Errors: NotFound/Unreadable, InvalidFormat (no token on the first line).
core::Result<TokenFile> readTokenFile(const std::filesystem::path& path);

} // namespace dinolens::server
