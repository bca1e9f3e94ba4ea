#pragma once
// The run registry: one SQLite database per user listing the training runs made on this machine (run folder,
// status, base model, data set, progress, best and last train Dice, notes), so that the CLI and the viewer can
// list them without scanning disks. The run folders stay the truth; the registry is an index of them.
//
// Location: the `file` argument of open(), else $DINOLENS_RUN_REGISTRY, else $XDG_DATA_HOME/dinolens/runs.sqlite,
// else ~/.local/share/dinolens/runs.sqlite. The schema carries a version (PRAGMA user_version); a database made
// by a newer DinoLens is refused rather than changed.
// Concurrency: several processes may open the same file (write-ahead log; a writer waits up to 5 s for another).
// Thread-safety: a RunRegistry may be used from several threads; SQLite serialises its calls.
// Errors: Unwritable (the folder or file cannot be created or written), Unavailable (another process held it
// longer than 5 s), InvalidFormat (not a run registry, or
// damaged: move the file aside and a new one is made), UnsupportedFormat (newer schema), Internal.
// Times are Unix seconds (UTC). Run folders are stored absolute and lexically normalised.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dinolens/core/result.h"

namespace dinolens::core {

enum class RunStatus { Running, Finished, Failed, Cancelled };

/// "running", "finished", "failed", "cancelled".
const char* runStatusName(RunStatus status);
std::optional<RunStatus> runStatusFromName(std::string_view name);

struct RunRecord {
    std::filesystem::path runFolder;
    int64_t createdAt = 0; // set by the registry when the run is first recorded
    int64_t updatedAt = 0; // set by the registry on every change
    RunStatus status = RunStatus::Running;
    std::string baseModel;
    std::string dataset;
    int epochsDone = 0;
    int epochsPlanned = 0;
    std::optional<double> bestTrainDice; // mean over the tumour classes, best epoch so far
    std::optional<double> lastTrainDice; // the same for the last epoch
    std::optional<double> lastLoss;
    std::string notes;
    bool folderExists = true; // filled in by list() and find(); not stored
};

class RunRegistry {
public:
    static constexpr int kSchemaVersion = 1;

    /// The default database file (see above); empty when neither a variable nor HOME tells where.
    static std::filesystem::path defaultLocation();

    /// Opens (creating folder, file and schema as needed) `file`, or defaultLocation() when it is empty.
    static Result<RunRegistry> open(const std::filesystem::path& file = {});

    RunRegistry(RunRegistry&& other) noexcept;
    RunRegistry& operator=(RunRegistry&& other) noexcept;
    ~RunRegistry();

    /// Inserts the run or updates the one with the same folder. createdAt and, for an existing run, notes are
    /// kept as stored; updatedAt becomes now.
    Status record(const RunRecord& run);
    /// Replaces the notes of a recorded run. Errors: NotFound.
    Status setNotes(const std::filesystem::path& runFolder, const std::string& notes);
    /// All runs, most recently created first.
    Result<std::vector<RunRecord>> list() const;
    Result<std::optional<RunRecord>> find(const std::filesystem::path& runFolder) const;
    /// Removes the entry (not the folder). Returns whether there was one.
    Result<bool> forget(const std::filesystem::path& runFolder);

    const std::filesystem::path& location() const;

private:
    struct Impl;
    explicit RunRegistry(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The key under which a folder is stored: absolute and lexically normal, without a trailing slash.
std::filesystem::path normalisedRunFolder(const std::filesystem::path& folder);

} // namespace dinolens::core
