// The run registry: records, updates, notes, order, forgetting; default location from the environment; several
// processes writing at once; damaged, foreign, newer and unwritable databases give errors, never a crash.
#include <QtTest/QtTest>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "dinolens/core/run_registry.h"

using namespace dinolens::core;

namespace {

RunRecord runAt(const std::filesystem::path& folder, int64_t createdAt)
{
    RunRecord run;
    run.runFolder = folder;
    run.createdAt = createdAt;
    run.baseModel = "random-small";
    run.dataset = "/data/brain-tumor (train)";
    run.epochsPlanned = 10;
    return run;
}

void executeSql(const std::filesystem::path& file, const char* sql)
{
    sqlite3* db = nullptr;
    QVERIFY(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    QVERIFY(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}

// Restores an environment variable when the test ends.
class ScopedVariable {
public:
    ScopedVariable(const char* name, const QByteArray& value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~ScopedVariable()
    {
        if (m_had) {
            qputenv(m_name, m_old);
        } else {
            qunsetenv(m_name);
        }
    }

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

} // namespace

class TestRunRegistry : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_folder;
    std::filesystem::path path(const char* name) const
    {
        return std::filesystem::path(m_folder.path().toStdString()) / name;
    }

private Q_SLOTS:
    void recordsUpdatesAndForgets()
    {
        auto registry = RunRegistry::open(path("crud.sqlite"));
        QVERIFY2(registry.ok(), registry.ok() ? "" : registry.error().toString().c_str());
        std::filesystem::create_directories(path("run-a"));
        RunRecord first = runAt(path("run-a"), 1000);
        QVERIFY(registry->record(first).ok());
        QVERIFY(registry->record(runAt(path("run-b/"), 2000)).ok());

        QVERIFY(registry->setNotes(path("run-a"), "baseline").ok());
        first.createdAt = 5000; // ignored for an existing run
        first.status = RunStatus::Finished;
        first.epochsDone = 10;
        first.bestTrainDice = 0.8;
        first.lastTrainDice = 0.75;
        first.lastLoss = 0.25;
        QVERIFY(registry->record(first).ok());

        auto found = registry->find(path("run-a/./"));
        QVERIFY(found.ok() && found->has_value());
        const RunRecord& run = **found;
        QCOMPARE(run.runFolder, path("run-a"));
        QCOMPARE(run.createdAt, int64_t { 1000 });
        QVERIFY(run.updatedAt >= run.createdAt);
        QCOMPARE(run.status, RunStatus::Finished);
        QCOMPARE(run.epochsDone, 10);
        QCOMPARE(run.epochsPlanned, 10);
        QCOMPARE(*run.bestTrainDice, 0.8);
        QCOMPARE(*run.lastLoss, 0.25);
        QCOMPARE(run.notes, std::string("baseline"));
        QCOMPARE(run.baseModel, std::string("random-small"));
        QVERIFY(run.folderExists);

        auto runs = registry->list();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), size_t { 2 });
        QCOMPARE(runs->at(0).runFolder, path("run-b")); // newest first
        QVERIFY(!runs->at(0).folderExists);
        QVERIFY(!runs->at(0).bestTrainDice.has_value());

        QCOMPARE(registry->forget(path("run-b")).value(), true);
        QCOMPARE(registry->forget(path("run-b")).value(), false);
        QCOMPARE(registry->setNotes(path("run-b"), "x").error().code, ErrorCode::NotFound);
        QCOMPARE(registry->list()->size(), size_t { 1 });
    }

    void statusNamesRoundTrip()
    {
        for (RunStatus status : { RunStatus::Running, RunStatus::Finished, RunStatus::Failed, RunStatus::Cancelled }) {
            QCOMPARE(runStatusFromName(runStatusName(status)), std::optional<RunStatus>(status));
        }
        QVERIFY(!runStatusFromName("paused").has_value());
    }

    void defaultLocationFollowsTheEnvironment()
    {
        ScopedVariable home("HOME", "/home/someone");
        ScopedVariable dataHome("XDG_DATA_HOME", "");
        ScopedVariable explicitFile("DINOLENS_RUN_REGISTRY", "");
        QCOMPARE(
            RunRegistry::defaultLocation(), std::filesystem::path("/home/someone/.local/share/dinolens/runs.sqlite"));
        qputenv("XDG_DATA_HOME", "/data/home");
        QCOMPARE(RunRegistry::defaultLocation(), std::filesystem::path("/data/home/dinolens/runs.sqlite"));
        qputenv("DINOLENS_RUN_REGISTRY", "/tmp/mine.sqlite");
        QCOMPARE(RunRegistry::defaultLocation(), std::filesystem::path("/tmp/mine.sqlite"));
    }

    void concurrentProcessesLoseNothing()
    {
        const std::filesystem::path file = path("shared.sqlite");
        constexpr int kProcesses = 3;
        constexpr int kRunsEach = 30;
        std::vector<pid_t> children;
        for (int p = 0; p < kProcesses; ++p) {
            const pid_t child = fork();
            QVERIFY(child >= 0);
            if (child == 0) {
                // Each child opens its own registry (a new file the first time: the schema is made once).
                auto registry = RunRegistry::open(file);
                std::string failure = registry.ok() ? "" : registry.error().toString();
                for (int i = 0; failure.empty() && i < kRunsEach; ++i) {
                    const std::string name = "run-" + std::to_string(p) + "-" + std::to_string(i);
                    RunRecord shared = runAt(path("shared-run"), 1);
                    shared.epochsDone = i;
                    for (const RunRecord& run : { runAt(path(name.c_str()), 100 + i), shared }) {
                        if (auto status = registry->record(run); !status && failure.empty()) {
                            failure = status.error().toString();
                        }
                    }
                }
                if (!failure.empty()) {
                    std::fprintf(stderr, "process %d: %s\n", p, failure.c_str());
                }
                _exit(failure.empty() ? 0 : 1);
            }
            children.push_back(child);
        }
        for (pid_t child : children) {
            int status = 0;
            QVERIFY(waitpid(child, &status, 0) == child);
            QVERIFY(WIFEXITED(status));
            QCOMPARE(WEXITSTATUS(status), 0);
        }
        auto registry = RunRegistry::open(file);
        QVERIFY(registry.ok());
        QCOMPARE(registry->list()->size(), size_t { kProcesses * kRunsEach + 1 });
        QCOMPARE(registry->find(path("shared-run"))->value().epochsDone, kRunsEach - 1);
    }

    void damagedFileIsAClearError()
    {
        const std::filesystem::path file = path("damaged.sqlite");
        std::ofstream(file, std::ios::binary) << std::string(8192, 'x');
        auto registry = RunRegistry::open(file);
        QVERIFY(!registry.ok());
        QCOMPARE(registry.error().code, ErrorCode::InvalidFormat);
        QVERIFY(registry.error().message.find("move the file aside") != std::string::npos);
        QCOMPARE(registry.error().context, file.string());
    }

    void foreignDatabaseIsRefused()
    {
        const std::filesystem::path file = path("foreign.sqlite");
        executeSql(file, "CREATE TABLE runs (name TEXT); PRAGMA user_version = 1;");
        auto registry = RunRegistry::open(file);
        QVERIFY(!registry.ok());
        QCOMPARE(registry.error().code, ErrorCode::InvalidFormat);
    }

    void newerSchemaIsLeftAlone()
    {
        const std::filesystem::path file = path("newer.sqlite");
        executeSql(file, "PRAGMA user_version = 99;");
        auto registry = RunRegistry::open(file);
        QVERIFY(!registry.ok());
        QCOMPARE(registry.error().code, ErrorCode::UnsupportedFormat);
    }

    void unwritableLocationIsAnError()
    {
        const std::filesystem::path file = path("plain-file");
        std::ofstream(file) << "x";
        auto registry = RunRegistry::open(file / "runs.sqlite");
        QVERIFY(!registry.ok());
        QCOMPARE(registry.error().code, ErrorCode::Unwritable);
    }
};

QTEST_GUILESS_MAIN(TestRunRegistry)
#include "tst_run_registry.moc"
