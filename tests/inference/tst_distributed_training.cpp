// Distributed training as users launch it: two (and three) `dinolens-cli train` ranks on loopback, one thread each,
// against one process with the same global batch and seed: the same head weights (max-abs difference <= 1e-4) and
// the same metrics, with cached features and validation, with augmentation, and with a trained backbone. A rank
// killed with SIGKILL ends the other at once with a clear error and the run resumes; a stalled rank (SIGSTOP) ends
// the other after --dist-timeout; ranks with different options are refused; Ctrl-C on one rank stops all. Under
// torchrun's environment with its agent store (played here by a c10d::TCPStore in the test), the ranks join through
// the agent's store instead of starting their own. Sees LibTorch (Qt keywords off).
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <QProcess>
#include <QRegularExpression>
#include <QtTest/QtTest>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "dinolens/inference/distributed.h"
#include "dinolens/inference/safetensors.h"
#include "test_data.h"

namespace {

// A port nobody listens on now (the kernel's choice for an ephemeral bind).
int freePort()
{
    const int socketId = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (socketId < 0 || ::bind(socketId, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0
        || ::getsockname(socketId, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        return 0;
    }
    ::close(socketId);
    return ntohs(address.sin_port);
}

nlohmann::json readJson(const QString& path)
{
    std::ifstream stream(path.toStdString());
    return nlohmann::json::parse(stream, nullptr, false);
}

// Largest difference between the numbers of two metrics files, times excluded; NaN/null must match.
double metricsDifference(const nlohmann::json& a, const nlohmann::json& b, const std::string& key = {})
{
    if (a.type() != b.type() && !(a.is_number() && b.is_number())) {
        return INFINITY;
    }
    if (a.is_number()) {
        return key.find("seconds") != std::string::npos ? 0.0 : std::abs(a.get<double>() - b.get<double>());
    }
    double largest = 0.0;
    if (a.is_array()) {
        if (a.size() != b.size()) {
            return INFINITY;
        }
        for (size_t i = 0; i < a.size(); ++i) {
            largest = std::max(largest, metricsDifference(a[i], b[i], key));
        }
    } else if (a.is_object()) {
        for (const auto& [name, value] : a.items()) {
            largest = std::max(largest, b.contains(name) ? metricsDifference(value, b[name], name) : INFINITY);
        }
    }
    return largest;
}

// Largest difference between the head weights of two runs (infinite when they do not match in names or shapes).
double headDifference(const QString& run, const QString& other)
{
    const auto expected = dinolens::inference::readSafetensors((run + "/head.safetensors").toStdString());
    const auto actual = dinolens::inference::readSafetensors((other + "/head.safetensors").toStdString());
    if (!expected || !actual || actual->size() != expected->size()) {
        return INFINITY;
    }
    double largest = 0.0;
    for (const auto& [name, tensor] : *expected) {
        if (actual->count(name) != 1 || actual->at(name).shape != tensor.shape) {
            return INFINITY;
        }
        for (size_t i = 0; i < tensor.data.size(); ++i) {
            largest = std::max(largest, static_cast<double>(std::abs(actual->at(name).data[i] - tensor.data[i])));
        }
    }
    return largest;
}

} // namespace

class TestDistributedTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_CLI(m_cli);
        if (!dinolens::inference::distributedTrainingAvailable()) {
            QSKIP("this build has no Gloo (libgloo-dev): distributed training is disabled");
        }
        DINOLENS_REQUIRE_DATA("brain-tumor/train");
        QVERIFY(m_dir.isValid());
    }

    void twoRanksEqualOneProcess_data()
    {
        QTest::addColumn<QStringList>("options");
        // With a trained backbone, its last LayerNorm's bias has no true gradient (the head's BatchNorm removes any
        // shift), so AdamW turns rounding noise into steps of the learning rate: one process with 1 and with 2
        // threads differs by ~1e-3 there, and so do BatchNorm's running means and every evaluation-mode result. That
        // row is held to the spread of one process across thread counts for the head, and trains without validation
        // (the training metrics stay within 1e-4).
        QTest::addColumn<bool>("roundingSensitive");
        QTest::addColumn<int>("worldSize");
        // 9 images in batches of 4: the last global batch has one sample, so rank 0's share of it is empty.
        const QStringList base = { QStringLiteral("--max-images"), QStringLiteral("9"), QStringLiteral("--batch-size"),
            QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--valid-max-images"),
            QStringLiteral("4") };
        QTest::newRow("cached features, validation") << base << false << 2;
        // Shares of 1, 1 and 2 samples, and of 0, 0 and 1 in the last batch.
        QTest::newRow("three ranks") << base << false << 3;
        QTest::newRow("augmented, backbone per batch")
            << base + QStringList { QStringLiteral("--augment-mri"), QStringLiteral("--augment") } << false << 2;
        QTest::newRow("trained backbone") << QStringList { QStringLiteral("--max-images"), QStringLiteral("9"),
            QStringLiteral("--batch-size"), QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("3"),
            QStringLiteral("--no-validation"), QStringLiteral("--train-backbone") }
                                          << true << 2;
    }

    void twoRanksEqualOneProcess()
    {
        QFETCH(QStringList, options);
        QFETCH(bool, roundingSensitive);
        QFETCH(int, worldSize);
        const QStringList& run = options;
        const QString tag = QString::fromLatin1(QTest::currentDataTag())
                                .replace(QRegularExpression(QStringLiteral("[^A-Za-z]+")), QStringLiteral("-"));
        const QString single = m_dir.filePath(tag + QStringLiteral("-single"));
        QProcess one;
        start(one, run + QStringList { QStringLiteral("--out"), single });
        QVERIFY(finish(one, 0));

        const QString group = m_dir.filePath(tag + QStringLiteral("-group"));
        QVERIFY(trainTogether(run, group, {}, worldSize));
        for (int rank = 0; rank < worldSize; ++rank) {
            QVERIFY2(m_outputs[rank].contains(QStringLiteral("rank %1 of %2").arg(rank).arg(worldSize)),
                qPrintable(m_outputs[rank]));
        }
        QVERIFY2(m_outputs[0].contains(QStringLiteral("all-reduce")), qPrintable(m_outputs[0]));

        double tolerance = 1e-4;
        if (roundingSensitive) {
            const QString threaded = m_dir.filePath(tag + QStringLiteral("-threads"));
            QProcess two;
            start(two,
                run
                    + QStringList {
                        QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"), threaded });
            QVERIFY(finish(two, 0));
            const double spread = headDifference(single, threaded);
            qInfo("one process, 1 vs 2 threads: head max-abs difference %.3g", spread);
            tolerance = std::max(tolerance, 2.0 * spread);
        }
        const double largest = headDifference(single, group);
        qInfo("head weights: max-abs difference %.3g", largest);
        QVERIFY2(largest <= tolerance, qPrintable(QString::number(largest)));
        const double metrics = metricsDifference(readJson(single + "/metrics.json"), readJson(group + "/metrics.json"));
        qInfo("metrics: max-abs difference %.3g", metrics);
        QVERIFY2(metrics <= 1e-4, qPrintable(QString::number(metrics)));
    }

    void killedRankEndsTheOtherAndTheRunResumes()
    {
        const QStringList run = { QStringLiteral("--max-images"), QStringLiteral("16"), QStringLiteral("--batch-size"),
            QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("60"), QStringLiteral("--no-validation"),
            QStringLiteral("--dist-timeout"), QStringLiteral("30") };
        const QString out = m_dir.filePath(QStringLiteral("killed"));
        const int port = freePort();
        QProcess ranks[2];
        for (int rank = 0; rank < 2; ++rank) {
            start(ranks[rank], run + rankArguments(rank, port) + QStringList { QStringLiteral("--out"), out });
        }
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out + "/checkpoint.safetensors"), 120000);
        ranks[1].kill(); // SIGKILL
        QVERIFY(ranks[1].waitForFinished(10000));
        const auto killed = std::chrono::steady_clock::now();
        QVERIFY(ranks[0].waitForFinished(60000));
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
        const QString error = QString::fromUtf8(ranks[0].readAllStandardError());
        qInfo("rank 0 stopped %.2f s after rank 1 was killed", seconds);
        QVERIFY2(seconds < 30.0, qPrintable(QString::number(seconds)));
        QCOMPARE(ranks[0].exitCode(), 1);
        QVERIFY2(error.contains(QStringLiteral("lost the other ranks")) && error.contains(QStringLiteral("--resume")),
            qPrintable(error));
        QVERIFY2(!QFileInfo::exists(out + "/head.safetensors"), "the run must not look finished");

        QVERIFY(trainTogether(run, out, { QStringLiteral("--resume") }));
        QVERIFY(QFileInfo::exists(out + "/head.safetensors"));
        QCOMPARE(readJson(out + "/metrics.json").size(), size_t(60));
    }

    // A rank that stalls (SIGSTOP) ends the others after --dist-timeout.
    void stalledRankEndsTheOtherAfterTheTimeout()
    {
        const QStringList run = { QStringLiteral("--max-images"), QStringLiteral("16"), QStringLiteral("--batch-size"),
            QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("60"), QStringLiteral("--no-validation"),
            QStringLiteral("--dist-timeout"), QStringLiteral("5") };
        const QString out = m_dir.filePath(QStringLiteral("stalled"));
        const int port = freePort();
        QProcess ranks[2];
        for (int rank = 0; rank < 2; ++rank) {
            start(ranks[rank], run + rankArguments(rank, port) + QStringList { QStringLiteral("--out"), out });
        }
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out + "/checkpoint.safetensors"), 120000);
        const auto stalled = std::chrono::steady_clock::now();
        QCOMPARE(::kill(static_cast<pid_t>(ranks[1].processId()), SIGSTOP), 0);
        const bool ended = ranks[0].waitForFinished(60000);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stalled).count();
        ranks[1].kill();
        QVERIFY(ranks[1].waitForFinished(10000));
        QVERIFY(ended);
        qInfo("rank 0 stopped %.2f s after rank 1 stalled (timeout 5 s)", seconds);
        QVERIFY2(seconds >= 4.0 && seconds < 20.0, qPrintable(QString::number(seconds)));
        QCOMPARE(ranks[0].exitCode(), 1);
        const QString error = QString::fromUtf8(ranks[0].readAllStandardError());
        QVERIFY2(error.contains(QStringLiteral("lost the other ranks")), qPrintable(error));
    }

    // Ranks started with different options stop at once, each saying which ranks differ from rank 0.
    void ranksWithDifferentOptionsAreRefused()
    {
        const QString out = m_dir.filePath(QStringLiteral("mismatched"));
        const int port = freePort();
        QProcess ranks[2];
        for (int rank = 0; rank < 2; ++rank) {
            start(ranks[rank],
                QStringList { QStringLiteral("--max-images"), QStringLiteral("8"), QStringLiteral("--epochs"),
                    QStringLiteral("1"), QStringLiteral("--no-validation"), QStringLiteral("--batch-size"),
                    rank == 0 ? QStringLiteral("4") : QStringLiteral("2"), QStringLiteral("--out"), out }
                    + rankArguments(rank, port));
        }
        for (QProcess& rank : ranks) {
            QVERIFY(rank.waitForFinished(60000));
            QCOMPARE(rank.exitCode(), 1);
            const QString error = QString::fromUtf8(rank.readAllStandardError());
            QVERIFY2(
                error.contains(QStringLiteral("rank(s) 1 run a different training than rank 0")), qPrintable(error));
        }
    }

    // Ctrl-C on one rank only: every rank stops before the same step and exits as interrupted (130).
    void interruptOnOneRankStopsAll()
    {
        const QStringList run = { QStringLiteral("--max-images"), QStringLiteral("16"), QStringLiteral("--batch-size"),
            QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("60"), QStringLiteral("--no-validation"),
            QStringLiteral("--dist-timeout"), QStringLiteral("30") };
        const QString out = m_dir.filePath(QStringLiteral("interrupted"));
        const int port = freePort();
        QProcess ranks[2];
        for (int rank = 0; rank < 2; ++rank) {
            start(ranks[rank], run + rankArguments(rank, port) + QStringList { QStringLiteral("--out"), out });
        }
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(out + "/checkpoint.safetensors"), 120000);
        QCOMPARE(::kill(static_cast<pid_t>(ranks[1].processId()), SIGINT), 0);
        for (QProcess& rank : ranks) {
            QVERIFY(rank.waitForFinished(60000));
            QCOMPARE(rank.exitCode(), 130);
        }
        QVERIFY(QString::fromUtf8(ranks[0].readAllStandardOutput()).contains(QStringLiteral("resume with --resume")));
    }

    void joinsThroughTorchrunsAgentStore()
    {
        const int port = freePort();
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(port);
        options.isServer = true;
        options.waitWorkers = false;
        options.timeout = std::chrono::seconds(60);
        const auto agentStore = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", options);
        const QString out = m_dir.filePath(QStringLiteral("torchrun"));
        QProcess ranks[2];
        for (int rank = 0; rank < 2; ++rank) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("RANK"), QString::number(rank));
            environment.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
            environment.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
            environment.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            environment.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
            environment.insert(QStringLiteral("TORCHELASTIC_USE_AGENT_STORE"), QStringLiteral("True"));
            environment.insert(QStringLiteral("TORCHELASTIC_RESTART_COUNT"), QStringLiteral("3"));
            ranks[rank].setProcessEnvironment(environment);
            start(ranks[rank],
                { QStringLiteral("--max-images"), QStringLiteral("8"), QStringLiteral("--epochs"), QStringLiteral("1"),
                    QStringLiteral("--no-validation"), QStringLiteral("--out"), out });
        }
        QVERIFY(finish(ranks[0], 0));
        QVERIFY(finish(ranks[1], 1));
        QVERIFY2(m_outputs[1].contains(QStringLiteral("rank 1 of 2 (torchrun"))
                && m_outputs[1].contains(QStringLiteral("/worker/attempt_3")),
            qPrintable(m_outputs[1]));
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/head.safetensors")));
        // The group's rendezvous keys went into the agent's store (a rank with its own store leaves it empty).
        QVERIFY(agentStore->getNumKeys() > 0);
    }

private:
    QStringList rankArguments(int rank, int port, int worldSize = 2) const
    {
        return { QStringLiteral("--rank"), QString::number(rank), QStringLiteral("--world-size"),
            QString::number(worldSize), QStringLiteral("--master-addr"), QStringLiteral("127.0.0.1"),
            QStringLiteral("--master-port"), QString::number(port) };
    }

    // `dinolens-cli train` on the real data: random-small at 64 px, one thread unless `extra` says otherwise, fixed
    // seed, dropout on.
    void start(QProcess& process, const QStringList& extra)
    {
        QStringList arguments = { QStringLiteral("train"), QStringLiteral("--data"),
            QString::fromStdString(dinolens::test::dataPath("brain-tumor").string()), QStringLiteral("--base-model"),
            QStringLiteral("random-small"), QStringLiteral("--resolution"), QStringLiteral("64"),
            QStringLiteral("--seed"), QStringLiteral("7") };
        if (!extra.contains(QStringLiteral("--threads"))) {
            arguments += { QStringLiteral("--threads"), QStringLiteral("1") };
        }
        process.start(m_cli, arguments + extra);
    }

    bool finish(QProcess& process, int rank)
    {
        const bool finished = process.waitForFinished(300000);
        m_outputs[rank] = QString::fromUtf8(process.readAllStandardOutput());
        const QString error = QString::fromUtf8(process.readAllStandardError());
        if (!finished || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            qWarning("rank %d failed (exit %d): %s %s", rank, process.exitCode(), qPrintable(m_outputs[rank]),
                qPrintable(error));
            return false;
        }
        return true;
    }

    // Two ranks on a free loopback port; with `extra` (e.g. --resume) and without --data when resuming.
    bool trainTogether(const QStringList& run, const QString& out, const QStringList& extra, int worldSize = 2)
    {
        const int port = freePort();
        QProcess ranks[kMaxRanks];
        for (int rank = 0; rank < worldSize; ++rank) {
            start(ranks[rank],
                run + extra + rankArguments(rank, port, worldSize) + QStringList { QStringLiteral("--out"), out });
        }
        bool succeeded = true;
        for (int rank = 0; rank < worldSize; ++rank) {
            succeeded = finish(ranks[rank], rank) && succeeded;
        }
        return succeeded;
    }

    QString m_cli;
    QTemporaryDir m_dir;
    static constexpr int kMaxRanks = 3;
    QString m_outputs[kMaxRanks];
};

QTEST_GUILESS_MAIN(TestDistributedTraining)
#include "tst_distributed_training.moc"
