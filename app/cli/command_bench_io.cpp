// `dinolens-cli bench io`: decoded MB/s of the real DICOM series and NIfTI volumes, and the ratio of decoding
// to merely reading the same bytes, measured in one run.
#include <cstdio>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/core/data_location.h"
#include "dinolens/core/io_benchmark.h"
#include "dinolens/core/parallel_for.h"

namespace dinolens::app {
namespace {

struct IoBenchOptions {
    int repeats = 5;
    unsigned threads = 0;
    std::string data;
};

int runIoBench(const IoBenchOptions& options)
{
    const std::filesystem::path root = options.data.empty() ? core::dataRoot() : std::filesystem::path(options.data);
    auto rows = core::runIoBenchmark(root, options.repeats, options.threads);
    if (!rows) {
        return reportError(rows.error());
    }
    std::printf("bench io: best of %d, %u decoding threads, data %s\n", options.repeats,
        options.threads == 0 ? core::defaultThreadCount() : options.threads, root.c_str());
    std::printf("%-58s %9s %9s %10s %10s %11s %7s\n", "case", "file MB", "vol MB", "read ms", "decode ms",
        "decoded MB/s", "ratio");
    double fileTotal = 0, volTotal = 0, readTotal = 0, decodeTotal = 0;
    for (const auto& r : *rows) {
        const double fileMb = static_cast<double>(r.fileBytes) / 1e6;
        const double volMb = static_cast<double>(r.decodedBytes) / 1e6;
        std::printf("%-58s %9.2f %9.2f %10.2f %10.2f %11.1f %7.2f\n", r.name.c_str(), fileMb, volMb,
            r.readSeconds * 1e3, r.decodeSeconds * 1e3, volMb / r.decodeSeconds, r.decodeSeconds / r.readSeconds);
        fileTotal += fileMb;
        volTotal += volMb;
        readTotal += r.readSeconds;
        decodeTotal += r.decodeSeconds;
    }
    std::printf("%-58s %9.2f %9.2f %10.2f %10.2f %11.1f %7.2f\n", "total", fileTotal, volTotal, readTotal * 1e3,
        decodeTotal * 1e3, volTotal / decodeTotal, decodeTotal / readTotal);
    std::printf("ratio = decode time / time to read the same files' bytes (goal <= 2)\n");
    return 0;
}

} // namespace

void registerIoBenchmark(CLI::App& bench, int& exitCode)
{
    auto options = std::make_shared<IoBenchOptions>();
    CLI::App* io = bench.add_subcommand("io", "Decode speed of the real DICOM series and NIfTI volumes");
    io->add_option("--repeats", options->repeats, "Repeats per case (best is reported)")->check(CLI::PositiveNumber);
    io->add_option("--threads", options->threads, "Decoding threads (0 = one per core)");
    io->add_option("--data", options->data, "Data folder (default: DINOLENS_DATA)");
    io->callback([options, &exitCode] { exitCode = runIoBench(*options); });
}

} // namespace dinolens::app
