// `dinolens-cli pacs echo|find|get|send`: a PACS over DICOMweb or DIMSE, answers as JSON on stdout.
#include <unistd.h>

#include <iostream>
#include <optional>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/core/json_text.h"
#include "dinolens/pacs/anonymizer.h"
#include "dinolens/pacs/pacs_client.h"
#include "dinolens/pacs/retrieve_cache.h"
#include "pacs_node_options.h"

namespace dinolens::app {
namespace {

struct FindCommandOptions {
    PacsNodeOptions node;
    std::string level = "study";
    pacs::PacsQuery query;
};

struct GetCommandOptions {
    PacsNodeOptions node;
    pacs::RetrieveRequest request;
    std::string out;
    std::string cache;
    int cacheMegabytes = 0;
    std::string method = "auto";
    bool progress = false;
};

struct SendCommandOptions {
    PacsNodeOptions node;
    std::vector<std::string> paths;
    bool anonymised = false;
};

void printJson(const nlohmann::json& value)
{
    std::cout << core::jsonText(value, 2) << '\n';
}

int runEcho(const PacsNodeOptions& options)
{
    auto node = pacsNodeFrom(options);
    if (!node) {
        return reportError(node.error());
    }
    if (auto echoed = pacs::echo(*node); !echoed) {
        return reportError(echoed.error());
    }
    printJson({ { "node", node->describe() }, { "ok", true } });
    return 0;
}

int runFind(FindCommandOptions& options)
{
    auto node = pacsNodeFrom(options.node);
    if (!node) {
        return reportError(node.error());
    }
    options.query.level = options.level == "series" ? pacs::QueryLevel::Series : pacs::QueryLevel::Study;
    auto found = pacs::find(*node, options.query);
    if (!found) {
        return reportError(found.error());
    }
    nlohmann::json matches = nlohmann::json::array();
    for (const pacs::PacsMatch& match : found->matches) {
        matches.push_back(pacs::matchToJson(match, options.query.level));
    }
    printJson({ { "node", node->describe() }, { "level", options.level }, { "matches", matches },
        { "truncated", found->truncated } });
    return 0;
}

// With --cache: the study's folder of the cache, and afterwards the cap enforced (this study stays).
struct CacheUse {
    std::optional<pacs::RetrieveCache> cache;
    std::filesystem::path destination;
};

core::Result<CacheUse> destinationFor(const GetCommandOptions& options)
{
    CacheUse use;
    if (options.cache.empty()) {
        use.destination = options.out;
        return use;
    }
    use.cache.emplace(options.cache, static_cast<std::uint64_t>(options.cacheMegabytes) << 20);
    if (auto removed = use.cache->removeLeftovers(); !removed) {
        return removed.error();
    }
    auto folder = use.cache->studyFolder(options.request.studyUid);
    if (!folder) {
        return folder.error();
    }
    use.destination = *folder;
    return use;
}

nlohmann::json cacheJson(pacs::RetrieveCache& cache, const std::string& studyUid)
{
    nlohmann::json evicted = nlohmann::json::array();
    if (auto removed = cache.enforceCap(studyUid)) {
        for (const std::filesystem::path& folder : *removed) {
            evicted.push_back(folder.string());
        }
    }
    const auto usage = cache.usage();
    return { { "root", cache.root().string() }, { "cap_bytes", cache.capBytes() },
        { "bytes", usage ? usage->bytes : 0 }, { "series", usage ? usage->series : 0 }, { "evicted", evicted } };
}

int runGet(const GetCommandOptions& options)
{
    auto node = pacsNodeFrom(options.node);
    if (!node) {
        return reportError(node.error());
    }
    auto use = destinationFor(options);
    if (!use) {
        return reportError(use.error());
    }
    ProgressLine progress("retrieving", options.progress);
    pacs::RetrieveOptions retrieveOptions;
    retrieveOptions.destination = use->destination;
    retrieveOptions.progress = progress.sink();
    retrieveOptions.dimseRetrieval = options.method == "get" ? pacs::DimseRetrieval::Get
        : options.method == "move"                           ? pacs::DimseRetrieval::Move
                                                             : pacs::DimseRetrieval::Automatic;
    auto summary = pacs::retrieve(*node, options.request, retrieveOptions);
    if (!summary) {
        return reportError(summary.error());
    }
    nlohmann::json series = nlohmann::json::object();
    for (const pacs::RetrievedInstance& instance : summary->instances) {
        series[instance.seriesUid] = series.value(instance.seriesUid, 0) + 1;
    }
    nlohmann::json answer { { "node", node->describe() }, { "method", summary->method },
        { "out", use->destination.string() }, { "instances", summary->instances.size() }, { "series", series },
        { "bytes", summary->bytes }, { "seconds", summary->seconds } };
    if (use->cache) {
        answer["cache"] = cacheJson(*use->cache, options.request.studyUid);
    }
    printJson(answer);
    return 0;
}

std::vector<std::filesystem::path> filesUnder(const std::vector<std::string>& paths)
{
    std::vector<std::filesystem::path> files;
    for (const std::string& path : paths) {
        std::error_code error;
        if (!std::filesystem::is_directory(path, error)) {
            files.emplace_back(path);
            continue;
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
            if (entry.is_regular_file(error)) {
                files.push_back(entry.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// A node marked external gets anonymised copies (one UID map for all files, so a SEG keeps its references).
core::Result<std::vector<std::filesystem::path>> anonymisedCopies(
    const std::vector<std::filesystem::path>& files, const std::filesystem::path& folder)
{
    pacs::Anonymizer anonymizer({});
    std::vector<std::filesystem::path> copies;
    for (const std::filesystem::path& file : files) {
        auto copy = anonymizer.anonymizeFile(file, folder);
        if (!copy) {
            return copy.error();
        }
        copies.push_back(copy->output);
    }
    return copies;
}

nlohmann::json storeSummaryJson(const pacs::PacsNode& node, const pacs::StoreSummary& summary, bool anonymised)
{
    nlohmann::json failed = nlohmann::json::array();
    for (const pacs::StoreFailure& failure : summary.failures) {
        failed.push_back({ { "instance", failure.sopInstanceUid }, { "reason", failure.reason } });
    }
    return { { "node", node.describe() }, { "method", summary.method }, { "anonymised", anonymised },
        { "stored", summary.storedSopInstanceUids }, { "failed", failed } };
}

int runSend(const SendCommandOptions& options)
{
    auto node = pacsNodeFrom(options.node);
    if (!node) {
        return reportError(node.error());
    }
    std::vector<std::filesystem::path> files = filesUnder(options.paths);
    pacs::StoreOptions storeOptions;
    storeOptions.filesAreAnonymised = options.anonymised;
    std::error_code error;
    const std::filesystem::path copies
        = std::filesystem::temp_directory_path(error) / ("dinolens-send-" + std::to_string(getpid()));
    const bool anonymiseHere = node->external && !options.anonymised;
    if (anonymiseHere) {
        auto anonymised = anonymisedCopies(files, copies);
        if (!anonymised) {
            std::filesystem::remove_all(copies, error);
            return reportError(anonymised.error());
        }
        files = std::move(*anonymised);
        storeOptions.filesAreAnonymised = true;
    }
    auto summary = pacs::store(*node, files, storeOptions);
    std::filesystem::remove_all(copies, error);
    if (!summary) {
        return reportError(summary.error());
    }
    printJson(storeSummaryJson(*node, *summary, storeOptions.filesAreAnonymised));
    return summary->failures.empty() ? 0 : 1;
}

void registerFind(CLI::App& pacsCommand, int& exitCode)
{
    auto options = std::make_shared<FindCommandOptions>();
    CLI::App* find = pacsCommand.add_subcommand("find", "Search studies or series; JSON on stdout");
    addPacsNodeOptions(*find, options->node);
    find->add_option("--level", options->level, "study or series")->check(CLI::IsMember({ "study", "series" }));
    find->add_option("--patient-name", options->query.patientName, "Patient name, wildcards * and ?");
    find->add_option("--patient-id", options->query.patientId, "Patient ID");
    find->add_option("--birth-date", options->query.birthDate, "YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
    find->add_option("--study-date", options->query.studyDate, "YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
    find->add_option("--modality", options->query.modality, "Modality, e.g. MR");
    find->add_option("--accession", options->query.accessionNumber, "Accession number");
    find->add_option("--study-uid", options->query.studyUid, "Study Instance UID");
    find->add_option("--limit", options->query.maxMatches, "At most this many matches")->check(CLI::NonNegativeNumber);
    find->add_option("--offset", options->query.offset, "Matches to skip")->check(CLI::NonNegativeNumber);
    find->callback([options, &exitCode] { exitCode = runFind(*options); });
}

void registerGet(CLI::App& pacsCommand, int& exitCode)
{
    auto options = std::make_shared<GetCommandOptions>();
    CLI::App* get = pacsCommand.add_subcommand("get", "Retrieve a study or series into <out>/<series>/<sop>.dcm");
    addPacsNodeOptions(*get, options->node);
    get->add_option("--study-uid", options->request.studyUid, "Study Instance UID")->required();
    get->add_option("--series-uid", options->request.seriesUid, "Series Instance UID (default: the whole study)");
    CLI::Option* out = get->add_option("--out", options->out, "Output folder");
    CLI::Option* cache
        = get->add_option("--cache", options->cache, "Retrieve into this cache folder (<cache>/<study>/<series>/)");
    out->excludes(cache);
    get->add_option("--cache-mb", options->cacheMegabytes, "Cache cap in MiB: least recently used series go first")
        ->needs(cache)
        ->check(CLI::NonNegativeNumber);
    get->callback([options, &exitCode] {
        if (options->out.empty() && options->cache.empty()) {
            throw CLI::ValidationError("get", "give --out or --cache");
        }
        exitCode = runGet(*options);
    });
    get->add_option("--method", options->method, "DIMSE: auto (C-GET, else C-MOVE), get or move")
        ->check(CLI::IsMember({ "auto", "get", "move" }));
    get->add_flag("--progress", options->progress, "Show progress on stderr even when it is not a terminal");
}

} // namespace

void registerPacsCommand(CLI::App& app, int& exitCode)
{
    CLI::App* pacsCommand = app.add_subcommand("pacs", "Find, retrieve and send DICOM over DICOMweb or DIMSE");
    pacsCommand->require_subcommand(1);
    auto echoOptions = std::make_shared<PacsNodeOptions>();
    CLI::App* echo = pacsCommand->add_subcommand("echo", "Check that the PACS answers (QIDO-RS or C-ECHO)");
    addPacsNodeOptions(*echo, *echoOptions);
    echo->callback([echoOptions, &exitCode] { exitCode = runEcho(*echoOptions); });
    registerFind(*pacsCommand, exitCode);
    registerGet(*pacsCommand, exitCode);
    auto sendOptions = std::make_shared<SendCommandOptions>();
    CLI::App* send = pacsCommand->add_subcommand("send", "Store DICOM files (folders are searched) on the PACS");
    addPacsNodeOptions(*send, sendOptions->node);
    send->add_option("files", sendOptions->paths, "DICOM files or folders")->required();
    send->add_flag("--anonymised", sendOptions->anonymised,
        "The files are anonymised already (else a node marked external gets anonymised copies)");
    send->callback([sendOptions, &exitCode] { exitCode = runSend(*sendOptions); });
}

} // namespace dinolens::app
