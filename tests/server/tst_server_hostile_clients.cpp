// Slow and flooding clients against the real server: clients that trickle their headers or body, floods of
// connections from one address and from many, and idle keep-alive connections. /v1/health and real requests
// keep being answered quickly, each trickling request ends with 408 at the request deadline, and connections
// beyond the caps get 503 at once. Clients are distinct loopback addresses (127.0.0.0/8); loops are bounded.
#include <QtTest/QtTest>

#include <QJsonDocument>
#include <QJsonObject>

#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "hostile_clients.h"
#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kPerClient = 8;
constexpr int kTotal = 48;
constexpr auto kDeadline = std::chrono::seconds(3);

std::string errorCode(const test::RawAnswer& answer)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(answer.body))
        .object()
        .value("error")
        .toObject()
        .value("code")
        .toString()
        .toStdString();
}

// A client that sends its request one byte at a time: from the request line on (`headers`), or after
// complete headers that announce a body.
struct Trickler {
    std::unique_ptr<test::LoopbackConnection> connection;
    std::string rest;
    test::RawAnswer answer;
    bool answered = false;
    Clock::duration answeredAfter {};
};

std::vector<Trickler> startTricklers(int port, const std::vector<std::string>& sources, int each)
{
    std::vector<Trickler> tricklers;
    for (const std::string& source : sources) {
        for (int i = 0; i < each; ++i) {
            Trickler trickler;
            trickler.connection = std::make_unique<test::LoopbackConnection>(port, source);
            const bool slowHeaders = i % 2 == 1;
            const std::string head = "POST /v1/segment HTTP/1.1\r\nHost: 127.0.0.1\r\n";
            if (slowHeaders) {
                trickler.connection->send("POST /v1/seg");
                trickler.rest = "ment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n";
            } else {
                trickler.connection->send(head + "Content-Type: image/png\r\nContent-Length: 100000\r\n\r\n");
                trickler.rest = std::string(100000, 'p');
            }
            tricklers.push_back(std::move(trickler));
        }
    }
    return tricklers;
}

} // namespace

class TestServerHostileClients : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<server::Server> m_server;
    std::string m_jpeg;

    // The time /v1/health takes from a client that is not trickling.
    std::chrono::milliseconds healthLatency(int& status)
    {
        const auto start = Clock::now();
        status = test::rawExchange(m_server->port(), test::httpRequest("GET", "/v1/health"), std::chrono::seconds(10))
                     .status;
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }

    // Sends one more byte for every trickler that has no answer yet, and collects answers; health is checked in
    // between. Stops when all are answered or after `limit`.
    std::chrono::milliseconds trickle(std::vector<Trickler>& tricklers, std::chrono::seconds limit)
    {
        std::chrono::milliseconds worstHealth { 0 };
        const auto start = Clock::now();
        while (Clock::now() - start < limit) {
            bool open = false;
            for (Trickler& trickler : tricklers) {
                if (trickler.answered) {
                    continue;
                }
                if (trickler.connection->answerWaiting()) {
                    trickler.answer = test::parseAnswer(trickler.connection->readAnswer(std::chrono::seconds(2)));
                    trickler.answered = true;
                    trickler.answeredAfter = Clock::now() - start;
                    continue;
                }
                open = true;
                if (!trickler.rest.empty()) {
                    trickler.connection->send(trickler.rest.substr(0, 1), std::chrono::milliseconds(100));
                    trickler.rest.erase(0, 1);
                }
            }
            if (!open) {
                break;
            }
            int status = 0;
            worstHealth = std::max(worstHealth, healthLatency(status));
            if (status != 200) {
                return std::chrono::hours(1);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
        }
        return worstHealth;
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor");
        std::string why;
        const auto run = test::tinyRun(why);
        QVERIFY2(!run.empty(), why.c_str());
        server::ServerOptions options;
        options.models = { run };
        options.maxBodyBytes = 4u << 20;
        options.ioTimeout = std::chrono::seconds(2);
        options.requestDeadline = kDeadline;
        options.keepAliveTimeout = std::chrono::seconds(1);
        options.maxConnections = kTotal;
        options.maxConnectionsPerClient = kPerClient;
        m_server = test::startServer(options, why);
        QVERIFY2(m_server, why.c_str());
        m_jpeg = test::readBytes(test::firstValidationImage());
    }

    // The case: 24 clients that send their headers (or part of them) and then one byte at a time. Here
    // they come from three addresses, 8 each (the per-client cap), so all are admitted.
    void slowClientsDoNotStarveHealth()
    {
        auto tricklers = startTricklers(m_server->port(), { "127.0.0.2", "127.0.0.3", "127.0.0.4" }, kPerClient);
        auto segment = std::async(std::launch::async, [this] {
            return test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment", m_jpeg, "image/jpeg"))
                .status;
        });
        const auto worstHealth = trickle(tricklers, std::chrono::seconds(10));
        qInfo("24 slow clients: slowest /v1/health %lld ms", static_cast<long long>(worstHealth.count()));
        QVERIFY2(worstHealth < std::chrono::milliseconds(1000), qPrintable(QString::number(worstHealth.count())));
        QCOMPARE(segment.get(), 200);
        for (const Trickler& trickler : tricklers) {
            QVERIFY(trickler.answered);
            QCOMPARE(trickler.answer.status, 408);
            QCOMPARE(errorCode(trickler.answer), std::string("request_timeout"));
            QVERIFY(trickler.answeredAfter < kDeadline + std::chrono::seconds(2));
        }
    }

    // 24 slow connections from one address: 8 are admitted, 16 are refused at once with 503; health from
    // another address is not affected.
    void floodFromOneClientIsCapped()
    {
        auto tricklers = startTricklers(m_server->port(), { "127.0.0.5" }, 24);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        int refused = 0;
        for (Trickler& trickler : tricklers) {
            if (trickler.connection->answerWaiting(std::chrono::milliseconds(10))) {
                const auto answer = test::parseAnswer(trickler.connection->readAnswer(std::chrono::seconds(1)));
                QVERIFY2(answer.status == 503 || answer.status == 0, qPrintable(QString::number(answer.status)));
                if (answer.status == 503) {
                    QCOMPARE(errorCode(answer), std::string("too_many_connections"));
                    QCOMPARE(QString::fromStdString(answer.headers.at("retry-after")), QString("1"));
                }
                trickler.answered = true;
                ++refused;
            }
        }
        QCOMPARE(refused, 24 - kPerClient);
        int status = 0;
        const auto latency = healthLatency(status);
        QCOMPARE(status, 200);
        QVERIFY(latency < std::chrono::milliseconds(1000));
        tricklers.clear(); // the admitted ones hang up
        QTRY_COMPARE_WITH_TIMEOUT(
            test::rawExchange(m_server->port(), test::httpRequest("GET", "/v1/health"), std::chrono::seconds(2)).status,
            200, 5000);
    }

    // More connections than the total cap, from many addresses: the excess is refused, and once they close
    // the server serves again.
    void floodFromManyClientsIsCapped()
    {
        std::vector<std::unique_ptr<test::LoopbackConnection>> connections;
        for (int client = 0; client < kTotal / kPerClient + 2; ++client) {
            for (int i = 0; i < kPerClient; ++i) {
                connections.push_back(std::make_unique<test::LoopbackConnection>(
                    m_server->port(), "127.0.1." + std::to_string(client + 1)));
                connections.back()->send("GET /v1/hea");
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        int refused = 0;
        for (auto& connection : connections) {
            refused += connection->answerWaiting(std::chrono::milliseconds(10)) ? 1 : 0;
        }
        QCOMPARE(refused, static_cast<int>(connections.size()) - kTotal);
        connections.clear();
        QTRY_COMPARE_WITH_TIMEOUT(
            test::rawExchange(m_server->port(), test::httpRequest("GET", "/v1/health"), std::chrono::seconds(2)).status,
            200, 5000);
    }

    void idleKeepAliveIsClosed()
    {
        test::LoopbackConnection connection(m_server->port());
        QVERIFY(connection.send("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        QCOMPARE(test::parseAnswer(connection.readAnswer(std::chrono::seconds(5))).status, 200);
        const auto start = Clock::now();
        QVERIFY(connection.closedByServer(std::chrono::seconds(5)));
        const auto idle = Clock::now() - start;
        qInfo("idle keep-alive connection closed after %lld ms",
            static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(idle).count()));
        QVERIFY(idle < std::chrono::milliseconds(2500));
    }
};

QTEST_GUILESS_MAIN(TestServerHostileClients)
#include "tst_server_hostile_clients.moc"
