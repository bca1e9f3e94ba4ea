#pragma once
// `dinolens --bench-ui [--volume --mask --model --frames --threads --no-stall]`: the viewer's responsiveness on
// real data (slice render p95, GUI-thread stall while segmenting), with its own offscreen QApplication.

namespace dinolens::app {

/// Whether the command line asks for the benchmark (--bench-ui as the first argument).
bool isUiBenchmarkCommand(int argc, char** argv);

/// Parses the benchmark's options after --bench-ui, runs it and prints the figures. Exit code: 0, 1 when it
/// could not run, 2 for a usage error.
int runUiBenchmarkCommand(int argc, char** argv);

} // namespace dinolens::app
