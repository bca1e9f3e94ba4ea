#include "full_program.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#ifndef DINOLENS_CLI_FULL_RELATIVE
#define DINOLENS_CLI_FULL_RELATIVE "../libexec/dinolens/dinolens-cli-full"
#endif

namespace dinolens::app {
namespace {

constexpr std::string_view kFullProgramName = "dinolens-cli-full";

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

bool asked(int argc, char** argv, std::string_view option, int until)
{
    for (int i = 1; i < argc && i < until; ++i) {
        if (option == argv[i]) {
            return true;
        }
    }
    return false;
}

} // namespace

bool needsFullProgram(int argc, char** argv)
{
    const int command = firstCommand(argc, argv, 1);
    if (asked(argc, argv, "--version", command)) {
        return false;
    }
    if (command == argc) {
        return true; // no command, or the top-level --help: the full program lists every command
    }
    const std::string_view name = argv[command];
    if (name == "info" || name == "runs") {
        return false;
    }
    if (name == "bench") {
        const int benchmark = firstCommand(argc, argv, command + 1);
        if (benchmark == argc) {
            return true;
        }
        const std::string_view which = argv[benchmark];
        return which != "io" && which != "startup";
    }
    return true;
}

std::filesystem::path fullProgramPath()
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return {};
    }
    for (const std::filesystem::path& candidate : { self.parent_path() / kFullProgramName,
             (self.parent_path() / DINOLENS_CLI_FULL_RELATIVE).lexically_normal() }) {
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

void execFullProgram(char** argv)
{
    const std::filesystem::path full = fullProgramPath();
    if (full.empty()) {
        std::fprintf(stderr,
            "dinolens-cli: %s is not installed: only info, runs, bench io and bench startup are "
            "available\n",
            std::string(kFullProgramName).c_str());
        return;
    }
    execv(full.c_str(), argv);
    std::fprintf(stderr, "dinolens-cli: cannot run %s: %s\n", full.c_str(), std::strerror(errno));
}

} // namespace dinolens::app
