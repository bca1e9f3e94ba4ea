#pragma once
// dinolens-cli is two programs. The one on the PATH (the front end) links only the imaging core: it answers
// --version, `info`, `runs`, `bench io` and `bench startup` itself and starts without LibTorch, Qt or VTK. Every
// other command (the model commands, `client`, the other benchmarks, and the full --help) it hands to
// dinolens-cli-full, which it replaces itself with (exec, same arguments and process id).
// The full program lies beside the front end in the build tree, and in <prefix>/libexec/dinolens when installed.

#include <filesystem>

namespace dinolens::app {

/// Whether the front end hands this command line to the full program.
bool needsFullProgram(int argc, char** argv);

/// The full program's path: beside this executable, else the installed libexec location; empty when neither
/// exists.
std::filesystem::path fullProgramPath();

/// Replaces this process with the full program, same arguments. Returns only when that fails (after printing
/// why); the caller then handles the command line itself.
void execFullProgram(char** argv);

} // namespace dinolens::app
