// dinolens-cli, the launcher: answers --version, and hands every command to dinolens-cli-core or
// dinolens-cli-full (program_choice.h), which replace it. Exit code 1 when neither can run.
#include <cstdio>

#include "dinolens/version.h"
#include "program_choice.h"

int main(int argc, char** argv)
{
    using dinolens::app::CliProgram;
    switch (dinolens::app::programFor(argc, argv)) {
    case CliProgram::Launcher:
        std::puts("dinolens-cli " DINOLENS_VERSION_STRING);
        return 0;
    case CliProgram::Core:
        // A build without imaging has no core program: the full one says which commands it has.
        if (dinolens::app::programPath(dinolens::app::kCoreProgram).empty()
            && !dinolens::app::programPath(dinolens::app::kFullProgram).empty()) {
            dinolens::app::execProgram(dinolens::app::kFullProgram, argv);
            return 1;
        }
        dinolens::app::execProgram(dinolens::app::kCoreProgram, argv);
        return 1;
    case CliProgram::Full:
        // Without the model commands (a build without LibTorch), the core program answers what it can.
        if (!dinolens::app::programPath(dinolens::app::kFullProgram).empty()) {
            dinolens::app::execProgram(dinolens::app::kFullProgram, argv);
            return 1;
        }
        dinolens::app::execProgram(dinolens::app::kCoreProgram, argv);
        return 1;
    }
    return 1;
}
