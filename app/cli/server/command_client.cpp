// `dinolens-cli client segment --url ... <image>` and `client series --url ... <files...>`: call a running
// dinolens-server through dinolens::client and print a JSON summary; masks are written when --out-dir is given.
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/client/client.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/core/json_text.h"
#include "server_commands.h"

namespace dinolens::app {
namespace {

struct ClientCommandOptions {
    client::ClientOptions connection;
    std::string tokenFile;
    int timeoutSeconds = 60;
    std::string model;
    std::string planes;
    bool features = false;
    std::string outDir;
    std::vector<std::string> inputs;
};

void addConnectionOptions(CLI::App& command, ClientCommandOptions& options)
{
    command.add_option("--url", options.connection.url, "Server address, e.g. http://127.0.0.1:8080")->required();
    command.add_option("--token-file", options.tokenFile, "File whose first line is the bearer token");
    command.add_option("--timeout-s", options.timeoutSeconds, "Time limit of one attempt in seconds");
    command.add_option("--retries", options.connection.retries, "Retries after 503 (queue full, loading)");
    command.add_option("--model", options.model, "Model id (see the server's /v1/models)");
    command.add_option("--out-dir", options.outDir, "Write the masks (PNG or NIfTI) into this folder");
}

bool prepare(ClientCommandOptions& options)
{
    options.connection.timeout = std::chrono::seconds(options.timeoutSeconds);
    if (options.tokenFile.empty()) {
        return true;
    }
    std::ifstream in(options.tokenFile);
    return static_cast<bool>(std::getline(in, options.connection.token)) && !options.connection.token.empty();
}

// Creates --out-dir (and its parents) when it does not exist yet; false (reported on stderr) when it cannot.
bool makeOutputFolder(const std::string& folder)
{
    std::error_code error;
    if (folder.empty() || std::filesystem::is_directory(folder, error)
        || std::filesystem::create_directories(folder, error)) {
        return true;
    }
    reportError(
        core::makeError(core::ErrorCode::Unwritable, "cannot create the output folder: " + error.message(), folder));
    return false;
}

// A failed write is reported on stderr and counted in `failures`; the other outputs are still written.
void writeBytes(const std::filesystem::path& path, const std::string& bytes, int& failures)
{
    if (auto written = core::writeFileAtomically(path, bytes); !written) {
        reportError(written.error());
        ++failures;
    }
}

int runSegment(ClientCommandOptions& options)
{
    if (!prepare(options)) {
        return reportError(core::makeError(core::ErrorCode::Unreadable, "cannot read a token", options.tokenFile));
    }
    if (!makeOutputFolder(options.outDir)) {
        return 1;
    }
    const client::Client client(options.connection);
    client::SegmentOptions segmentOptions;
    segmentOptions.model = options.model;
    segmentOptions.featureMaps = options.features;
    auto result = client.segmentFile(options.inputs.front(), segmentOptions);
    if (!result) {
        return reportError(result.error());
    }
    int failures = 0;
    nlohmann::json summary = { { "model", result->model }, { "width", result->width }, { "height", result->height },
        { "tumor_class", result->tumorClass }, { "confidence", result->confidence } };
    for (const auto& entry : result->classes) {
        summary["classes"].push_back({ { "name", entry.name }, { "area_px", entry.areaPixels },
            { "area_mm2", entry.areaMm2 ? nlohmann::json(*entry.areaMm2) : nlohmann::json() },
            { "confidence", entry.confidence }, { "contours", entry.contours.size() } });
        if (!options.outDir.empty()) {
            writeBytes(std::filesystem::path(options.outDir) / (entry.name + ".png"), entry.maskPng, failures);
        }
    }
    if (!options.outDir.empty()) {
        writeBytes(std::filesystem::path(options.outDir) / "labels.png", result->labelPng, failures);
        if (!result->pcaPng.empty()) {
            writeBytes(std::filesystem::path(options.outDir) / "pca.png", result->pcaPng, failures);
            writeBytes(std::filesystem::path(options.outDir) / "similarity.png", result->similarityPng, failures);
        }
    }
    std::printf("%s\n", core::jsonText(summary, 2).c_str());
    return failures == 0 ? 0 : 1;
}

int runSeries(ClientCommandOptions& options)
{
    if (!prepare(options)) {
        return reportError(core::makeError(core::ErrorCode::Unreadable, "cannot read a token", options.tokenFile));
    }
    if (!makeOutputFolder(options.outDir)) {
        return 1;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& input : options.inputs) {
        if (std::filesystem::is_directory(input)) {
            for (const auto& entry : std::filesystem::directory_iterator(input)) {
                if (entry.is_regular_file()) {
                    files.push_back(entry.path());
                }
            }
        } else {
            files.emplace_back(input);
        }
    }
    auto result = client::Client(options.connection).segmentSeries(files, options.model, options.planes);
    if (!result) {
        return reportError(result.error());
    }
    nlohmann::json summary = { { "model", result->model }, { "dims", result->dims }, { "planes", result->planes },
        { "tumour_present", result->tumorPresent }, { "tumour_probability", result->tumorProbability } };
    for (const auto& [name, volume] : result->volumesMm3) {
        summary["volumes_mm3"][name] = volume;
    }
    int failures = 0;
    if (!options.outDir.empty()) {
        writeBytes(std::filesystem::path(options.outDir) / "mask.nii.gz", result->maskNiftiGz, failures);
    }
    std::printf("%s\n", core::jsonText(summary, 2).c_str());
    return failures == 0 ? 0 : 1;
}

} // namespace

void registerClientCommands(CLI::App& app, int& exitCode)
{
    CLI::App* clientCommand = app.add_subcommand("client", "Call a running dinolens-server");
    clientCommand->require_subcommand(1);
    auto segmentOptions = std::make_shared<ClientCommandOptions>();
    CLI::App* segment = clientCommand->add_subcommand("segment", "Segment one image (PNG, JPEG or DICOM file)");
    addConnectionOptions(*segment, *segmentOptions);
    segment->add_flag("--features", segmentOptions->features, "Also fetch the PCA and similarity maps");
    segment->add_option("image", segmentOptions->inputs, "Image file")->required()->expected(1);
    segment->callback([segmentOptions, &exitCode] { exitCode = runSegment(*segmentOptions); });
    auto seriesOptions = std::make_shared<ClientCommandOptions>();
    CLI::App* series = clientCommand->add_subcommand("series", "Segment a DICOM series (folder or files)");
    addConnectionOptions(*series, *seriesOptions);
    series->add_option("files", seriesOptions->inputs, "DICOM files or a folder")->required();
    series
        ->add_option("--planes", seriesOptions->planes,
            "auto (the server fuses a near-isotropic volume's three planes), acquired or three")
        ->check(CLI::IsMember({ "auto", "acquired", "three" }));
    series->callback([seriesOptions, &exitCode] { exitCode = runSeries(*seriesOptions); });
}

} // namespace dinolens::app
