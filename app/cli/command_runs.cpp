// `dinolens-cli runs list|forget`: the user's run registry (core/run_registry.h): training runs newest first, as a
// table or JSON, with runs whose folder is gone marked; `forget` removes an entry (never the folder).
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/core/json_text.h"
#include "dinolens/core/run_registry.h"

namespace dinolens::app {
namespace {

struct RunsOptions {
    std::string registry; // empty: the default location
    bool json = false;
    std::string runFolder;
};

nlohmann::json optionalToJson(const std::optional<double>& value)
{
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json runToJson(const core::RunRecord& run)
{
    return { { "run_folder", run.runFolder.string() }, { "created_at", run.createdAt }, { "updated_at", run.updatedAt },
        { "status", core::runStatusName(run.status) }, { "base_model", run.baseModel }, { "dataset", run.dataset },
        { "epochs_done", run.epochsDone }, { "epochs_planned", run.epochsPlanned },
        { "best_train_dice", optionalToJson(run.bestTrainDice) },
        { "last_train_dice", optionalToJson(run.lastTrainDice) }, { "last_loss", optionalToJson(run.lastLoss) },
        { "notes", run.notes }, { "folder_exists", run.folderExists } };
}

std::string localTime(int64_t seconds)
{
    const auto time = static_cast<std::time_t>(seconds);
    std::tm parts {};
    localtime_r(&time, &parts);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M", &parts);
    return text;
}

std::string number(const std::optional<double>& value, const char* format)
{
    if (!value) {
        return "-";
    }
    char text[32];
    std::snprintf(text, sizeof(text), format, *value);
    return text;
}

void printTable(const core::RunRegistry& registry, const std::vector<core::RunRecord>& runs)
{
    std::printf("%zu runs in %s\n", runs.size(), registry.location().c_str());
    if (runs.empty()) {
        return;
    }
    std::printf("%-16s  %-9s  %-7s  %-9s  %-9s  %-9s  %s\n", "created", "status", "epochs", "best dice", "last dice",
        "last loss", "run folder");
    for (const core::RunRecord& run : runs) {
        const std::string epochs = std::to_string(run.epochsDone) + "/" + std::to_string(run.epochsPlanned);
        std::printf("%-16s  %-9s  %-7s  %-9s  %-9s  %-9s  %s%s\n", localTime(run.createdAt).c_str(),
            core::runStatusName(run.status), epochs.c_str(), number(run.bestTrainDice, "%.3f").c_str(),
            number(run.lastTrainDice, "%.3f").c_str(), number(run.lastLoss, "%.4f").c_str(), run.runFolder.c_str(),
            run.folderExists ? "" : "  [folder missing]");
    }
}

int runList(const RunsOptions& options)
{
    auto registry = core::RunRegistry::open(options.registry);
    if (!registry) {
        return reportError(registry.error());
    }
    auto runs = registry->list();
    if (!runs) {
        return reportError(runs.error());
    }
    if (options.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const core::RunRecord& run : *runs) {
            list.push_back(runToJson(run));
        }
        std::cout << core::jsonText(nlohmann::json { { "registry", registry->location().string() }, { "runs", list } },
            2) << '\n';
    } else {
        printTable(*registry, *runs);
    }
    return 0;
}

int runForget(const RunsOptions& options)
{
    auto registry = core::RunRegistry::open(options.registry);
    if (!registry) {
        return reportError(registry.error());
    }
    auto removed = registry->forget(options.runFolder);
    if (!removed) {
        return reportError(removed.error());
    }
    if (!*removed) {
        return reportError(core::makeError(core::ErrorCode::NotFound,
            "no such run in " + registry->location().string() + " (see `dinolens-cli runs list`)",
            core::normalisedRunFolder(options.runFolder).string()));
    }
    std::printf("forgot %s (its folder is left as it is)\n", core::normalisedRunFolder(options.runFolder).c_str());
    return 0;
}

} // namespace

void registerRunsCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<RunsOptions>();
    CLI::App* runs = app.add_subcommand("runs", "The training runs recorded in the run registry");
    runs->require_subcommand(1);
    CLI::App* list = runs->add_subcommand("list", "List the runs, newest first; missing folders are marked");
    CLI::App* forget = runs->add_subcommand("forget", "Remove a run from the registry (the folder stays)");
    list->add_flag("--json", options->json, "JSON on stdout");
    for (CLI::App* command : { list, forget }) {
        command->add_option("--registry", options->registry,
            "Registry file (default: $DINOLENS_RUN_REGISTRY, else $XDG_DATA_HOME/dinolens/runs.sqlite)");
    }
    list->callback([options, &exitCode] { exitCode = runList(*options); });
    forget->add_option("run-dir", options->runFolder, "The run folder")->required();
    forget->callback([options, &exitCode] { exitCode = runForget(*options); });
}

} // namespace dinolens::app
