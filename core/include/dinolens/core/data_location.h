#pragma once
// Where DinoLens finds the real public data used by tests, benchmarks and the sample study: the environment
// variable DINOLENS_DATA when set, else the folder configured at build time (default ../shared/data beside the
// source tree). Thread-safety: reads the environment; call freely.

#include <filesystem>
#include <optional>

namespace dinolens::core {

/// The data root, whether or not it exists.
std::filesystem::path dataRoot();

/// The data root joined with `relative` when that path exists, else nullopt.
std::optional<std::filesystem::path> findData(const std::filesystem::path& relative);

} // namespace dinolens::core
