// Rank discovery (inference/distributed.h): torchrun's and SLURM's environments, explicit flags, SLURM node lists
// and the errors a user sees for unusable values. Pure functions over a hand-made environment.
#include <QtTest/QtTest>

#include <map>
#include <string>

#include "dinolens/inference/distributed.h"

using dinolens::inference::discoverLaunch;
using dinolens::inference::DistributedFlags;
using dinolens::inference::DistributedLaunch;
using dinolens::inference::expandSlurmNodeList;

namespace {

dinolens::inference::EnvironmentLookup environmentOf(std::map<std::string, std::string> variables)
{
    return [variables](const std::string& name) -> std::optional<std::string> {
        const auto found = variables.find(name);
        return found == variables.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
}

// `base` with `changes` set (GCC 12 warns falsely, -Wrestrict, about assigning short literals to map entries).
std::map<std::string, std::string> with(
    std::map<std::string, std::string> base, const std::map<std::string, std::string>& changes)
{
    for (const auto& [name, value] : changes) {
        base.insert_or_assign(name, value);
    }
    return base;
}

const std::map<std::string, std::string> kTorchrun = { { "RANK", "3" }, { "WORLD_SIZE", "8" }, { "LOCAL_RANK", "1" },
    { "LOCAL_WORLD_SIZE", "4" }, { "MASTER_ADDR", "node07" }, { "MASTER_PORT", "29400" } };

} // namespace

class TestDistributedLaunch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutLauncherIsASingleProcess()
    {
        const auto launch = discoverLaunch({}, environmentOf({}));
        QVERIFY(launch);
        QCOMPARE(launch->worldSize, 1);
        QCOMPARE(launch->rank, 0);
        QVERIFY(!launch->isDistributed());
        QCOMPARE(QString::fromStdString(launch->launcher), QStringLiteral("single"));
    }

    void readsTorchrun()
    {
        const auto launch = discoverLaunch({}, environmentOf(kTorchrun));
        QVERIFY(launch);
        QCOMPARE(launch->rank, 3);
        QCOMPARE(launch->worldSize, 8);
        QCOMPARE(launch->localRank, 1);
        QCOMPARE(launch->localWorldSize, 4);
        QCOMPARE(QString::fromStdString(launch->masterAddress), QStringLiteral("node07"));
        QCOMPARE(launch->masterPort, 29400);
        QVERIFY(!launch->agentStore);
        QCOMPARE(QString::fromStdString(dinolens::inference::describeLaunch(*launch)).left(11),
            QStringLiteral("rank 3 of 8"));
    }

    void torchrunAgentStoreUsesTheAttemptPrefix()
    {
        auto variables
            = with(kTorchrun, { { "TORCHELASTIC_USE_AGENT_STORE", "True" }, { "TORCHELASTIC_RESTART_COUNT", "2" } });
        const auto launch = discoverLaunch({}, environmentOf(variables));
        QVERIFY(launch);
        QVERIFY(launch->agentStore);
        QCOMPARE(QString::fromStdString(launch->storePrefix), QStringLiteral("/worker/attempt_2"));
        variables = with(variables, { { "TORCHELASTIC_USE_AGENT_STORE", "False" } });
        QVERIFY(!discoverLaunch({}, environmentOf(variables))->agentStore);
    }

    void readsSlurm()
    {
        const auto launch = discoverLaunch({},
            environmentOf({ { "SLURM_PROCID", "5" }, { "SLURM_NTASKS", "6" }, { "SLURM_LOCALID", "2" },
                { "SLURM_NODELIST", "gpu[003-005],cpu1" }, { "SLURM_JOB_ID", "123456" },
                { "SLURM_NTASKS_PER_NODE", "3(x2)" } }));
        QVERIFY(launch);
        QCOMPARE(launch->rank, 5);
        QCOMPARE(launch->worldSize, 6);
        QCOMPARE(launch->localRank, 2);
        QCOMPARE(QString::fromStdString(launch->masterAddress), QStringLiteral("gpu003"));
        QCOMPARE(launch->masterPort, 20000 + 3456);
        QCOMPARE(launch->localWorldSize, 3);
        QCOMPARE(QString::fromStdString(launch->launcher), QStringLiteral("slurm"));
    }

    void masterVariablesOverrideSlurmsChoice()
    {
        const auto launch = discoverLaunch({},
            environmentOf({ { "SLURM_PROCID", "0" }, { "SLURM_NTASKS", "2" }, { "SLURM_NODELIST", "n[1-2]" },
                { "MASTER_ADDR", "10.0.0.9" }, { "MASTER_PORT", "31000" } }));
        QVERIFY(launch);
        QCOMPARE(QString::fromStdString(launch->masterAddress), QStringLiteral("10.0.0.9"));
        QCOMPARE(launch->masterPort, 31000);
    }

    void torchrunWinsOverSlurm()
    {
        const auto variables = with(kTorchrun, { { "SLURM_PROCID", "0" }, { "SLURM_NTASKS", "1" } });
        const auto launch = discoverLaunch({}, environmentOf(variables));
        QVERIFY(launch);
        QCOMPARE(QString::fromStdString(launch->launcher), QStringLiteral("torchrun"));
        QCOMPARE(launch->worldSize, 8);
    }

    void flagsOverrideTheEnvironment()
    {
        DistributedFlags flags;
        flags.rank = 1;
        flags.worldSize = 2;
        flags.masterAddress = "127.0.0.1";
        flags.masterPort = 40000;
        flags.timeoutSeconds = 7;
        const auto launch = discoverLaunch(flags, environmentOf(kTorchrun));
        QVERIFY(launch);
        QCOMPARE(launch->rank, 1);
        QCOMPARE(launch->worldSize, 2);
        QCOMPARE(QString::fromStdString(launch->masterAddress), QStringLiteral("127.0.0.1"));
        QCOMPARE(launch->masterPort, 40000);
        QCOMPARE(launch->timeout.count(), 7);
        const auto alone = discoverLaunch(flags, environmentOf({}));
        QVERIFY(alone);
        QCOMPARE(QString::fromStdString(alone->launcher), QStringLiteral("flags"));
    }

    void unusableValuesAreRefused_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rank not a number") << "RANK"
                                           << "one"
                                           << "RANK must be a whole number";
        QTest::newRow("rank beyond world") << "RANK"
                                           << "8"
                                           << "rank 8 is outside 0..7";
        QTest::newRow("negative rank") << "RANK"
                                       << "-1"
                                       << "outside";
        QTest::newRow("empty world") << "WORLD_SIZE"
                                     << "0"
                                     << "at least 1";
        QTest::newRow("port too high") << "MASTER_PORT"
                                       << "70000"
                                       << "1..65535";
        QTest::newRow("port with junk") << "MASTER_PORT"
                                        << "29500x"
                                        << "MASTER_PORT must be a whole number";
    }

    void unusableValuesAreRefused()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        const auto variables = with(kTorchrun, { { variable.toStdString(), value.toStdString() } });
        const auto launch = discoverLaunch({}, environmentOf(variables));
        QVERIFY(!launch);
        QVERIFY2(QString::fromStdString(launch.error().message).contains(expected), launch.error().message.c_str());
    }

    void worldSizeFlagNeedsARank()
    {
        DistributedFlags flags;
        flags.worldSize = 2;
        const auto launch = discoverLaunch(flags, environmentOf({}));
        QVERIFY(!launch);
        QVERIFY(QString::fromStdString(launch.error().message).contains(QStringLiteral("--rank")));
    }

    void expandsNodeLists_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QStringList>("hosts");
        QTest::newRow("one host") << "node1" << QStringList { "node1" };
        QTest::newRow("range, padding kept") << "node[08-11]" << QStringList { "node08", "node09", "node10", "node11" };
        QTest::newRow("items and ranges") << "n[1,3-4],gpu7" << QStringList { "n1", "n3", "n4", "gpu7" };
        QTest::newRow("two groups multiply")
            << "r[1-2]-n[01-02]" << QStringList { "r1-n01", "r1-n02", "r2-n01", "r2-n02" };
        QTest::newRow("plain list") << "a.example.org,b" << QStringList { "a.example.org", "b" };
    }

    void expandsNodeLists()
    {
        QFETCH(QString, list);
        QFETCH(QStringList, hosts);
        const auto expanded = expandSlurmNodeList(list.toStdString());
        QVERIFY2(expanded, expanded ? "" : expanded.error().message.c_str());
        QStringList names;
        for (const std::string& host : *expanded) {
            names << QString::fromStdString(host);
        }
        QCOMPARE(names, hosts);
    }

    void refusesBrokenNodeLists_data()
    {
        QTest::addColumn<QString>("list");
        QTest::newRow("unclosed") << "node[1-3";
        QTest::newRow("stray close") << "node1]";
        QTest::newRow("reversed range") << "node[5-3]";
        QTest::newRow("letters in range") << "node[a-c]";
        QTest::newRow("empty") << "";
        QTest::newRow("too many") << "n[0-99999],m[0-99999]";
        QTest::newRow("nested") << "n[1[2]]";
    }

    void refusesBrokenNodeLists()
    {
        QFETCH(QString, list);
        const auto expanded = expandSlurmNodeList(list.toStdString());
        QVERIFY(!expanded);
        QCOMPARE(expanded.error().code, dinolens::core::ErrorCode::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestDistributedLaunch)
#include "tst_distributed_launch.moc"
