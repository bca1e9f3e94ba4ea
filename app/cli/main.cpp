// dinolens-cli-core and dinolens-cli-full (program_choice.h): the headless DinoLens tool (study info, benchmarks,
// and in the full program the model commands). A build without imaging (DINOLENS_WITH_IMAGING off) has only the
// full program, with the model commands that work on packed datasets and tensors. Exit code 0 on success, 1 when the
// input could not be processed, 2 for a usage error.
#include "cli_commands.h"
#include "dinolens/core/blas_kernels.h"
#include "dinolens/core/tensor_memory.h"
#include "dinolens/version.h"

#ifndef DINOLENS_WITH_IMAGING
#include <cstdio>
#include <string_view>

namespace {

// The commands of the full build that read or write images, volumes, DICOM or HTTP.
constexpr std::string_view kImagingCommands[]
    = { "info", "runs", "pacs", "anonymize", "pack", "predict", "segment", "compare", "pca", "similarity", "client" };

bool refuseImagingCommand(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i];
        if (argument.starts_with("-")) {
            continue;
        }
        for (std::string_view command : kImagingCommands) {
            if (argument == command) {
                std::fprintf(stderr,
                    "dinolens-cli: %s needs the full build; this one was built without the imaging libraries "
                    "(DINOLENS_WITH_IMAGING off): it trains, evaluates and benchmarks on packed datasets\n",
                    argv[i]);
                return true;
            }
        }
        return false; // the first word is the command
    }
    return false;
}

} // namespace
#endif

int main(int argc, char** argv)
{
#ifndef DINOLENS_WITH_IMAGING
    if (refuseImagingCommand(argc, argv)) {
        return 2;
    }
#endif
    dinolens::core::keepTensorMemory();
    dinolens::core::selectBlasKernels();
    CLI::App app { "DinoLens command-line tool: brain MRI studies, DINOv2/DINOv3 models and benchmarks" };
    app.set_version_flag("--version", "dinolens-cli " DINOLENS_VERSION_STRING, "Print the version and exit");
    app.require_subcommand(1);
    int exitCode = 0;
    CLI::App* bench = dinolens::app::registerBenchCommand(app);
#ifdef DINOLENS_WITH_IMAGING
    dinolens::app::registerInfoCommand(app, exitCode);
    dinolens::app::registerIoBenchmark(*bench, exitCode);
    dinolens::app::registerStartupBenchmark(*bench, exitCode);
    dinolens::app::registerRunsCommand(app, exitCode);
    dinolens::app::registerPacsCommand(app, exitCode);
    dinolens::app::registerAnonymizeCommand(app, exitCode);
    dinolens::app::registerPacsBenchmark(*bench, exitCode);
#endif
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
