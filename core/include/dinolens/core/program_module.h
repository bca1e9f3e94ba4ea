#pragma once
// DinoLens's own modules: shared objects that a program loads with dlopen the first time it needs them, so that it
// starts without the libraries behind them (OpenCV's image codecs: image_codecs.h in core; LibTorch and the model
// engine: inference/engine_module.h). Each module exports one C function that returns its table of entry points;
// the caller checks the table's ABI number. A module is looked for where the package installs it
// (<prefix>/<libdir>/dinolens/, one or two folders above the running program: bin/ or libexec/dinolens/), then at
// its path in the build tree. Loaded modules are never unloaded (their tables point into them).
// Thread-safety: reentrant; the callers load each module once (std::call_once).

#include <string>

#include "dinolens/core/result.h"

namespace dinolens::core {

struct ProgramModule {
    const char* fileName = ""; // "libdinolens_engine.so"
    const char* libDir = "lib"; // CMAKE_INSTALL_LIBDIR of the installation
    const char* buildPath = ""; // its absolute path in the build tree; "" for none
    const char* entry = ""; // the exported C function returning the table
    const char* description = ""; // for messages: "the image codecs"
};

/// Loads the module and returns the address of its entry function, for the caller to cast to the entry's own type
/// and call. Errors name `context`: Internal when the module is not installed, cannot be loaded (dlopen's
/// message) or lacks its entry (a module of another DinoLens version).
Result<void*> loadProgramModule(const ProgramModule& module, const std::string& context);

} // namespace dinolens::core
