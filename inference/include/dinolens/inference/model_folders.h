#pragma once
// Where trained models live. The shipped demo model is the run folder models/demo of the installation
// (<prefix>/share/dinolens/models for an installed program, the source tree's models/ for one in the build tree,
// or $DINOLENS_MODELS/demo when that variable is set). Commands that take a run folder also
// accept the name "demo" for it.
// Thread-safety: reads the environment and the file system; call freely.

#include <filesystem>
#include <string>

#include "dinolens/core/result.h"

namespace dinolens::inference {

inline constexpr const char* kDemoModelName = "demo";

/// $DINOLENS_MODELS when set; else ../share/dinolens/models beside the running executable when it exists (an
/// installed program); else the source tree's models/ folder configured at build time.
std::filesystem::path modelsFolder();

/// modelsFolder()/demo, whether or not it exists.
std::filesystem::path demoModelFolder();

/// "demo" -> demoModelFolder(), anything else is taken as a run folder path. Errors: NotFound when the folder has
/// no config.json (for "demo": the demo model is not installed, naming where it was looked for).
core::Result<std::filesystem::path> resolveRunFolder(const std::string& nameOrPath);

} // namespace dinolens::inference
