#include "cli_commands.h"

namespace dinolens::app {

CLI::App* registerBenchCommand(CLI::App& app)
{
    CLI::App* bench = app.add_subcommand("bench", "Benchmarks that print their figures (not tests)");
    bench->require_subcommand(1);
    return bench;
}

} // namespace dinolens::app
