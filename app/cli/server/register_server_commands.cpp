#include "cli_commands.h"
#include "server_commands.h"

namespace dinolens::app {

void registerServerCommands(CLI::App& app, CLI::App& bench, int& exitCode)
{
    registerClientCommands(app, exitCode);
    registerServerBenchmark(bench, exitCode);
}

} // namespace dinolens::app
