#include "dinolens/core/run_registry.h"

#include <chrono>
#include <cstdlib>
#include <thread>

#include "sqlite_statement.h"

namespace dinolens::core {

using detail::SqliteStatement;

namespace {

// Each entry brings the schema from version (index) to version (index + 1); entries are never changed once
// released, only appended.
const char* const kMigrations[] = {
    "CREATE TABLE IF NOT EXISTS runs ("
    " id INTEGER PRIMARY KEY,"
    " run_folder TEXT NOT NULL UNIQUE,"
    " created_at INTEGER NOT NULL,"
    " updated_at INTEGER NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')),"
    " base_model TEXT NOT NULL DEFAULT '',"
    " dataset TEXT NOT NULL DEFAULT '',"
    " epochs_done INTEGER NOT NULL DEFAULT 0,"
    " epochs_planned INTEGER NOT NULL DEFAULT 0,"
    " best_train_dice REAL,"
    " last_train_dice REAL,"
    " last_loss REAL,"
    " notes TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX IF NOT EXISTS runs_by_creation ON runs (created_at);",
};
static_assert(std::size(kMigrations) == RunRegistry::kSchemaVersion);

const char* const kColumns = "run_folder, created_at, updated_at, status, base_model, dataset, epochs_done, "
                             "epochs_planned, best_train_dice, last_train_dice, last_loss, notes";

int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
}

RunRecord recordFromRow(const SqliteStatement& row)
{
    RunRecord run;
    run.runFolder = row.text(0);
    run.createdAt = row.integer(1);
    run.updatedAt = row.integer(2);
    run.status = runStatusFromName(row.text(3)).value_or(RunStatus::Failed);
    run.baseModel = row.text(4);
    run.dataset = row.text(5);
    run.epochsDone = static_cast<int>(row.integer(6));
    run.epochsPlanned = static_cast<int>(row.integer(7));
    run.bestTrainDice = row.real(8);
    run.lastTrainDice = row.real(9);
    run.lastLoss = row.real(10);
    run.notes = row.text(11);
    std::error_code error;
    run.folderExists = std::filesystem::is_directory(run.runFolder, error);
    return run;
}

} // namespace

struct RunRegistry::Impl {
    std::filesystem::path file;
    sqlite3* db = nullptr;

    ~Impl() { sqlite3_close_v2(db); }

    Result<SqliteStatement> prepare(const char* sql) const { return SqliteStatement::prepare(db, sql, file); }

    Result<int> schemaVersion() const
    {
        auto statement = prepare("PRAGMA user_version");
        if (!statement) {
            return statement.error();
        }
        auto row = statement->step();
        if (!row) {
            return row.error();
        }
        return static_cast<int>(statement->integer(0));
    }

    // Brings an older (or new, empty) database to kSchemaVersion inside one write transaction, so that two
    // processes opening a new registry at once do not both migrate it.
    Status migrate()
    {
        auto version = schemaVersion();
        if (!version || *version == kSchemaVersion) {
            return version ? okStatus() : Status(version.error());
        }
        if (auto status = detail::sqliteExecute(db, "BEGIN IMMEDIATE", file); !status) {
            return status;
        }
        version = schemaVersion();
        Status status = version ? okStatus() : Status(version.error());
        if (status && *version > kSchemaVersion) {
            status = makeError(ErrorCode::UnsupportedFormat,
                "the run registry was made by a newer DinoLens (schema " + std::to_string(*version) + ")",
                file.string());
        }
        for (int step = status ? *version : kSchemaVersion; step < kSchemaVersion && status; ++step) {
            status = detail::sqliteExecute(db, kMigrations[step], file);
        }
        if (status) {
            const std::string pragma = "PRAGMA user_version = " + std::to_string(kSchemaVersion);
            status = detail::sqliteExecute(db, pragma.c_str(), file);
        }
        if (!status) {
            [[maybe_unused]] const Status ignored = detail::sqliteExecute(db, "ROLLBACK", file);
            return status;
        }
        return detail::sqliteExecute(db, "COMMIT", file);
    }

    // The journal mode, then the schema. The journal mode is the first statement that reads the file, so a damaged
    // one is reported here.
    Status prepareFile()
    {
        if (auto status = detail::sqliteExecute(db, "PRAGMA journal_mode = WAL", file); !status) {
            return status;
        }
        if (auto status = migrate(); !status) {
            return status;
        }
        return checkTable();
    }

    // A database of the right version that is not ours lacks the runs table or its columns.
    Status checkTable() const
    {
        const std::string sql = std::string("SELECT ") + kColumns + " FROM runs LIMIT 0";
        auto statement = prepare(sql.c_str());
        if (!statement) {
            return makeError(ErrorCode::InvalidFormat,
                "not a DinoLens run registry (" + statement.error().message + "); move it aside or pick another file",
                file.string());
        }
        return okStatus();
    }
};

const char* runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running:
        return "running";
    case RunStatus::Finished:
        return "finished";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Cancelled:
        return "cancelled";
    }
    return "failed";
}

std::optional<RunStatus> runStatusFromName(std::string_view name)
{
    for (RunStatus status : { RunStatus::Running, RunStatus::Finished, RunStatus::Failed, RunStatus::Cancelled }) {
        if (name == runStatusName(status)) {
            return status;
        }
    }
    return std::nullopt;
}

std::filesystem::path normalisedRunFolder(const std::filesystem::path& folder)
{
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::absolute(folder, error);
    absolute = (error ? folder : absolute).lexically_normal();
    if (!absolute.has_filename() && absolute.has_parent_path() && absolute != absolute.root_path()) {
        absolute = absolute.parent_path();
    }
    return absolute;
}

std::filesystem::path RunRegistry::defaultLocation()
{
    if (const std::string explicitFile = environment("DINOLENS_RUN_REGISTRY"); !explicitFile.empty()) {
        return explicitFile;
    }
    if (const std::string dataHome = environment("XDG_DATA_HOME"); !dataHome.empty()) {
        return std::filesystem::path(dataHome) / "dinolens" / "runs.sqlite";
    }
    if (const std::string home = environment("HOME"); !home.empty()) {
        return std::filesystem::path(home) / ".local" / "share" / "dinolens" / "runs.sqlite";
    }
    return {};
}

RunRegistry::RunRegistry(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

RunRegistry::RunRegistry(RunRegistry&& other) noexcept = default;
RunRegistry& RunRegistry::operator=(RunRegistry&& other) noexcept = default;
RunRegistry::~RunRegistry() = default;

Result<RunRegistry> RunRegistry::open(const std::filesystem::path& file)
{
    auto impl = std::make_unique<Impl>();
    impl->file = file.empty() ? defaultLocation() : file;
    if (impl->file.empty()) {
        return makeError(ErrorCode::Unwritable, "no place for the run registry: set DINOLENS_RUN_REGISTRY or HOME");
    }
    std::error_code error;
    if (impl->file.has_parent_path()) {
        std::filesystem::create_directories(impl->file.parent_path(), error);
    }
    if (error) {
        return makeError(
            ErrorCode::Unwritable, "cannot create the run registry's folder: " + error.message(), impl->file.string());
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (const int code = sqlite3_open_v2(impl->file.c_str(), &impl->db, flags, nullptr); code != SQLITE_OK) {
        return detail::sqliteError(impl->db, code, "cannot open the run registry", impl->file);
    }
    constexpr int kBusyMilliseconds = 5000;
    sqlite3_busy_timeout(impl->db, kBusyMilliseconds);
    // Processes that open a new registry at the same moment can find it busy where SQLite does not wait (switching
    // it to WAL, recovering the WAL index): the start is tried again for as long as the busy timeout.
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
        Status status = impl->prepareFile();
        if (status) {
            return RunRegistry(std::move(impl));
        }
        if (status.error().code != ErrorCode::Unavailable
            || std::chrono::steady_clock::now() - start > std::chrono::milliseconds(kBusyMilliseconds)) {
            return status.error();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

Status RunRegistry::record(const RunRecord& run)
{
    const std::string sql = std::string("INSERT INTO runs (") + kColumns
        + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (run_folder) DO UPDATE SET "
          "updated_at = excluded.updated_at, status = excluded.status, base_model = excluded.base_model, "
          "dataset = excluded.dataset, epochs_done = excluded.epochs_done, epochs_planned = excluded.epochs_planned, "
          "best_train_dice = excluded.best_train_dice, last_train_dice = excluded.last_train_dice, "
          "last_loss = excluded.last_loss";
    auto statement = m_impl->prepare(sql.c_str());
    if (!statement) {
        return statement.error();
    }
    const int64_t now = nowSeconds();
    statement->bind(1, normalisedRunFolder(run.runFolder).string());
    statement->bind(2, run.createdAt != 0 ? run.createdAt : now);
    statement->bind(3, now);
    statement->bind(4, std::string(runStatusName(run.status)));
    statement->bind(5, run.baseModel);
    statement->bind(6, run.dataset);
    statement->bind(7, int64_t { run.epochsDone });
    statement->bind(8, int64_t { run.epochsPlanned });
    statement->bind(9, run.bestTrainDice);
    statement->bind(10, run.lastTrainDice);
    statement->bind(11, run.lastLoss);
    statement->bind(12, run.notes);
    auto done = statement->step();
    return done ? okStatus() : Status(done.error());
}

Status RunRegistry::setNotes(const std::filesystem::path& runFolder, const std::string& notes)
{
    auto statement = m_impl->prepare("UPDATE runs SET notes = ?1, updated_at = ?2 WHERE run_folder = ?3 RETURNING id");
    if (!statement) {
        return statement.error();
    }
    statement->bind(1, notes);
    statement->bind(2, nowSeconds());
    statement->bind(3, normalisedRunFolder(runFolder).string());
    auto updated = statement->step();
    if (!updated) {
        return updated.error();
    }
    if (!*updated) {
        return makeError(ErrorCode::NotFound, "no such run in the registry", runFolder.string());
    }
    return okStatus();
}

Result<std::vector<RunRecord>> RunRegistry::list() const
{
    const std::string sql = std::string("SELECT ") + kColumns + " FROM runs ORDER BY created_at DESC, id DESC";
    auto statement = m_impl->prepare(sql.c_str());
    if (!statement) {
        return statement.error();
    }
    std::vector<RunRecord> runs;
    for (;;) {
        auto row = statement->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return runs;
        }
        runs.push_back(recordFromRow(*statement));
    }
}

Result<std::optional<RunRecord>> RunRegistry::find(const std::filesystem::path& runFolder) const
{
    const std::string sql = std::string("SELECT ") + kColumns + " FROM runs WHERE run_folder = ?1";
    auto statement = m_impl->prepare(sql.c_str());
    if (!statement) {
        return statement.error();
    }
    statement->bind(1, normalisedRunFolder(runFolder).string());
    auto row = statement->step();
    if (!row) {
        return row.error();
    }
    return *row ? std::optional<RunRecord>(recordFromRow(*statement)) : std::nullopt;
}

Result<bool> RunRegistry::forget(const std::filesystem::path& runFolder)
{
    auto statement = m_impl->prepare("DELETE FROM runs WHERE run_folder = ?1 RETURNING id");
    if (!statement) {
        return statement.error();
    }
    statement->bind(1, normalisedRunFolder(runFolder).string());
    return statement->step();
}

const std::filesystem::path& RunRegistry::location() const
{
    return m_impl->file;
}

} // namespace dinolens::core
