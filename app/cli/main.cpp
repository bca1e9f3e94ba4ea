// dinolens-cli-core and dinolens-cli-full (program_choice.h): the headless DinoLens tool (study info, benchmarks,
// and in the full program the model commands). Exit code 0 on success, 1 when the input could not be processed,
// 2 for a usage error.
#include "cli_commands.h"
#include "dinolens/core/blas_kernels.h"
#include "dinolens/version.h"

int main(int argc, char** argv)
{
    dinolens::core::selectBlasKernels();
    CLI::App app { "DinoLens command-line tool: brain MRI studies, DINOv2/DINOv3 models and benchmarks" };
    app.set_version_flag("--version", "dinolens-cli " DINOLENS_VERSION_STRING, "Print the version and exit");
    app.require_subcommand(1);
    int exitCode = 0;
    dinolens::app::registerInfoCommand(app, exitCode);
    CLI::App* bench = dinolens::app::registerBenchCommand(app);
    dinolens::app::registerIoBenchmark(*bench, exitCode);
    dinolens::app::registerStartupBenchmark(*bench, exitCode);
    dinolens::app::registerRunsCommand(app, exitCode);
    dinolens::app::registerPacsCommand(app, exitCode);
    dinolens::app::registerAnonymizeCommand(app, exitCode);
    dinolens::app::registerPacsBenchmark(*bench, exitCode);
#ifdef DINOLENS_WITH_INFERENCE
    dinolens::app::registerInferenceCommands(app, *bench, exitCode);
#endif
#ifdef DINOLENS_WITH_SERVER
    dinolens::app::registerServerCommands(app, *bench, exitCode);
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    return exitCode;
}
