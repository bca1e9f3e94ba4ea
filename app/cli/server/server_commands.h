#pragma once
// Server-related commands of dinolens-cli: `client segment`, `client series` (dinolens::client) and
// `bench server` (an in-process dinolens::server with loopback clients).

#include <CLI/CLI.hpp>

namespace dinolens::app {

void registerClientCommands(CLI::App& app, int& exitCode);
void registerServerBenchmark(CLI::App& bench, int& exitCode);

} // namespace dinolens::app
