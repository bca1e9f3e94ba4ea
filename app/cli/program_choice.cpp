#include "program_choice.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#ifndef DINOLENS_CLI_LIBEXEC_RELATIVE
#define DINOLENS_CLI_LIBEXEC_RELATIVE "../libexec/dinolens"
#endif

namespace dinolens::app {
namespace {

// The first argument at or after `from` that is not an option; argc when there is none.
int firstCommand(int argc, char** argv, int from)
{
    for (int i = from; i < argc; ++i) {
        if (argv[i][0] != '-') {
            return i;
        }
    }
    return argc;
}

bool asked(char** argv, std::string_view option, int until)
{
    for (int i = 1; i < until; ++i) {
        if (option == argv[i]) {
            return true;
        }
    }
    return false;
}

} // namespace

CliProgram programFor(int argc, char** argv)
{
    const int command = firstCommand(argc, argv, 1);
    if (asked(argv, "--version", command)) {
        return CliProgram::Launcher;
    }
    if (command == argc) {
        return CliProgram::Full; // no command, or the top-level --help: the full program lists every command
    }
    const std::string_view name = argv[command];
    if (name == "info" || name == "runs" || name == "pacs" || name == "anonymize") {
        return CliProgram::Core;
    }
    if (name == "bench") {
        const int benchmark = firstCommand(argc, argv, command + 1);
        if (benchmark == argc) {
            return CliProgram::Full;
        }
        const std::string_view which = argv[benchmark];
        return which == "io" || which == "startup" || which == "pacs" ? CliProgram::Core : CliProgram::Full;
    }
    return CliProgram::Full;
}

std::filesystem::path programPath(std::string_view name)
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return {};
    }
    for (const std::filesystem::path& candidate :
        { self.parent_path() / name, (self.parent_path() / DINOLENS_CLI_LIBEXEC_RELATIVE / name).lexically_normal() }) {
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

bool execProgram(std::string_view name, char** argv)
{
    const std::filesystem::path program = programPath(name);
    if (program.empty()) {
        std::fprintf(stderr, "dinolens-cli: %s is not installed\n", std::string(name).c_str());
        return false;
    }
    execv(program.c_str(), argv);
    std::fprintf(stderr, "dinolens-cli: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
    return false;
}

} // namespace dinolens::app
