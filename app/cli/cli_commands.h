#pragma once
// Sub-commands of dinolens-cli. Each registers itself on the CLI11 application; its callback runs the command
// and stores the process exit code in `exitCode`.

#include <CLI/CLI.hpp>

namespace dinolens::app {

void registerInfoCommand(CLI::App& app, int& exitCode);
/// `bench` and its sub-benchmarks (`bench io`, plus `bench backbone` when built with inference).
CLI::App* registerBenchCommand(CLI::App& app);
void registerIoBenchmark(CLI::App& bench, int& exitCode);
/// `bench startup`: wall-clock start-up of dinolens-cli, of `info` against pydicom, and of the viewer.
void registerStartupBenchmark(CLI::App& bench, int& exitCode);
/// `runs list|forget`: the run registry.
void registerRunsCommand(CLI::App& app, int& exitCode);
/// `pacs echo|find|get|send`: a PACS over DICOMweb or DIMSE.
void registerPacsCommand(CLI::App& app, int& exitCode);
/// `anonymize`: DICOM PS3.15 Basic Profile de-identification.
void registerAnonymizeCommand(CLI::App& app, int& exitCode);
/// `bench pacs`: retrieve rates from a PACS against its own limit and against reading the files from disk.
void registerPacsBenchmark(CLI::App& bench, int& exitCode);

#ifdef DINOLENS_WITH_INFERENCE
void registerInferenceCommands(CLI::App& app, CLI::App& bench, int& exitCode);
#endif
#ifdef DINOLENS_WITH_SERVER
/// `client segment|series` and `bench server`.
void registerServerCommands(CLI::App& app, CLI::App& bench, int& exitCode);
#endif

} // namespace dinolens::app
