#include "dinolens/core/program_module.h"

#include <dlfcn.h>

#include <filesystem>
#include <vector>

namespace dinolens::core {
namespace {

std::vector<std::filesystem::path> moduleCandidates(const ProgramModule& module)
{
    std::vector<std::filesystem::path> candidates;
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error && !self.empty()) {
        for (const char* up : { "..", "../.." }) {
            candidates.push_back(
                (self.parent_path() / up / module.libDir / "dinolens" / module.fileName).lexically_normal());
        }
    }
    if (*module.buildPath != '\0') {
        candidates.emplace_back(module.buildPath);
    }
    return candidates;
}

} // namespace

Result<void*> loadProgramModule(const ProgramModule& module, const std::string& context)
{
    for (const std::filesystem::path& candidate : moduleCandidates(module)) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(candidate, error)) {
            continue;
        }
        void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            const char* why = dlerror();
            return makeError(ErrorCode::Internal,
                std::string("cannot load ") + module.description + " (" + candidate.string()
                    + "): " + (why != nullptr ? why : "unknown"),
                context);
        }
        void* entry = dlsym(handle, module.entry);
        if (entry == nullptr) {
            return makeError(ErrorCode::Internal,
                std::string(module.description) + " module " + candidate.string() + " is of another DinoLens version",
                context);
        }
        return entry;
    }
    return makeError(ErrorCode::Internal,
        std::string(module.description) + " module (" + module.fileName + ") is not installed; reinstall DinoLens",
        context);
}

} // namespace dinolens::core
