#pragma once
// dinolens-cli is three programs, so that each command loads only the libraries it needs:
//   dinolens-cli        the launcher on the PATH: links nothing but the C++ runtime; answers --version itself
//                       and replaces itself (exec, same arguments and process id) with one of
//   dinolens-cli-core   info, runs, pacs, anonymize, bench io, bench startup, bench pacs: the imaging core (DCMTK,
//   nifticlib,
//                       OpenCV) and PACS access
//   dinolens-cli-full   every command (the model commands, client, the other benchmarks, the full --help):
//                       LibTorch, and Qt with VTK for `bench ui`
// The two lie beside the launcher in the build tree, and in <prefix>/libexec/dinolens when installed.

#include <filesystem>
#include <string_view>

namespace dinolens::app {

enum class CliProgram {
    Launcher, ///< --version before any command
    Core,
    Full,
};

inline constexpr std::string_view kCoreProgram = "dinolens-cli-core";
inline constexpr std::string_view kFullProgram = "dinolens-cli-full";

/// The program that runs this command line.
CliProgram programFor(int argc, char** argv);

/// `name` beside this executable, else in the installed libexec folder; empty when neither is executable.
std::filesystem::path programPath(std::string_view name);

/// Replaces this process with `name`, same arguments. Returns false (after printing why) when it cannot.
bool execProgram(std::string_view name, char** argv);

} // namespace dinolens::app
