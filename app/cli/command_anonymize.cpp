// `dinolens-cli anonymize --in <dir|files> --out <dir> [--keep-dates | --shift-dates N]`: DICOM PS3.15 Basic Profile
// de-identification with one UID map for all inputs (a SEG's references to its source series stay valid).
#include <iostream>

#include "cli_commands.h"
#include "cli_output.h"
#include "dinolens/core/json_text.h"
#include "dinolens/pacs/anonymizer.h"

namespace dinolens::app {
namespace {

struct AnonymizeCommandOptions {
    std::vector<std::string> inputs;
    std::string out;
    bool keepDates = false;
    int shiftDays = 0;
};

struct InputFile {
    std::filesystem::path path;
    bool inFolder = false; // found in a folder: a file that is not DICOM is skipped, not refused

    bool operator<(const InputFile& other) const { return path < other.path; }
};

std::vector<InputFile> inputFiles(const std::vector<std::string>& inputs)
{
    std::vector<InputFile> files;
    for (const std::string& input : inputs) {
        std::error_code error;
        if (!std::filesystem::is_directory(input, error)) {
            files.push_back({ input, false });
            continue;
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(input, error)) {
            if (entry.is_regular_file(error) && entry.path().filename() != "DICOMDIR") {
                files.push_back({ entry.path(), true });
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

int runAnonymize(const AnonymizeCommandOptions& options, bool shift)
{
    pacs::AnonymizeOptions anonymizeOptions;
    anonymizeOptions.dates = options.keepDates ? pacs::DateHandling::Keep
        : shift                                ? pacs::DateHandling::Shift
                                               : pacs::DateHandling::Remove;
    anonymizeOptions.shiftDays = options.shiftDays;
    pacs::Anonymizer anonymizer(anonymizeOptions);
    nlohmann::json written = nlohmann::json::array();
    nlohmann::json refused = nlohmann::json::array();
    nlohmann::json skipped = nlohmann::json::array();
    ProgressLine progress("anonymising");
    const auto files = inputFiles(options.inputs);
    const core::ProgressSink sink = progress.sink();
    for (std::size_t index = 0; index < files.size(); ++index) {
        const std::string source = files[index].path.string();
        auto result = anonymizer.anonymizeFile(files[index].path, options.out);
        if (result) {
            written.push_back({ { "source", source }, { "output", result->output.string() } });
        } else if (files[index].inFolder && result.error().code == core::ErrorCode::InvalidFormat) {
            skipped.push_back(source);
        } else {
            refused.push_back({ { "source", source }, { "error", errorToJson(result.error()) } });
            reportError(result.error());
        }
        if (sink) {
            sink(static_cast<long long>(index + 1), static_cast<long long>(files.size()), source);
        }
    }
    std::cout << core::jsonText(nlohmann::json { { "out", options.out }, { "written", written }, { "refused", refused },
                                    { "skipped_not_dicom", skipped } },
        2) << '\n';
    return refused.empty() && !written.empty() ? 0 : 1;
}

} // namespace

void registerAnonymizeCommand(CLI::App& app, int& exitCode)
{
    auto options = std::make_shared<AnonymizeCommandOptions>();
    CLI::App* command = app.add_subcommand("anonymize",
        "De-identify DICOM files (PS3.15 Basic Profile; UIDs remapped consistently; burned-in annotation refused)");
    command->add_option("--in", options->inputs, "DICOM files or folders")->required();
    command->add_option("--out", options->out, "Output folder: <out>/<new series UID>/<new SOP UID>.dcm")->required();
    CLI::Option* keep = command->add_flag("--keep-dates", options->keepDates, "Keep dates (default: removed)");
    CLI::Option* shift
        = command->add_option("--shift-dates", options->shiftDays, "Shift every date by N days (negative: earlier)");
    keep->excludes(shift);
    command->callback([options, shift, &exitCode] { exitCode = runAnonymize(*options, shift->count() > 0); });
}

} // namespace dinolens::app
