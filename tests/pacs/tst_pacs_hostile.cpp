// A PACS that is down, silent, slow or answering garbage gives clear errors within its time-outs, never a crash, and
// a retrieve that fails part-way leaves only whole instances behind.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "dinolens/pacs/pacs_client.h"

using namespace dinolens;
namespace fs = std::filesystem;

namespace {

const char* const kBoundary = "hostile-boundary";

// A small but real DICOM instance, as bytes; `transferSyntax` replaces the meta header's (same length).
std::string dicomInstance(const std::string& sopUid, const std::string& transferSyntax = {})
{
    DcmFileFormat file;
    DcmDataset* dataset = file.getDataset();
    dataset->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
    dataset->putAndInsertString(DCM_SOPInstanceUID, sopUid.c_str());
    dataset->putAndInsertString(DCM_StudyInstanceUID, "1.2");
    dataset->putAndInsertString(DCM_SeriesInstanceUID, "3.4");
    dataset->putAndInsertString(DCM_Modality, "MR");
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/instance.dcm").toStdString();
    file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    std::string content = bytes.str();
    if (!transferSyntax.empty()) {
        const std::string original = UID_LittleEndianExplicitTransferSyntax;
        content.replace(content.find(original), original.size(), transferSyntax);
    }
    return content;
}

std::string part(const std::string& body)
{
    return std::string("--") + kBoundary + "\r\nContent-Type: application/dicom\r\n\r\n" + body + "\r\n";
}

void answerMultipart(httplib::Response& response, const std::string& body)
{
    response.set_content(
        body, (std::string("multipart/related; type=\"application/dicom\"; boundary=") + kBoundary).c_str());
}

// A loopback socket bound to a free port; listening when `listening`, else closed again (the port then refuses).
int loopbackSocket(bool listening, int& port)
{
    const int descriptor = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(descriptor, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(descriptor, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    if (listening) {
        listen(descriptor, 4); // connections complete in the kernel; nothing ever answers
        return descriptor;
    }
    close(descriptor);
    return -1;
}

constexpr int kMatches = 3000;

// QIDO-RS study matches number `first` to `first + count - 1` (Study UID 1.2.<n>).
std::string studies(int first, int count)
{
    nlohmann::json matches = nlohmann::json::array();
    for (int n = first; n < first + count; ++n) {
        matches.push_back({ { "0020000D", { { "vr", "UI" }, { "Value", { "1.2." + std::to_string(n) } } } },
            { "00100010",
                { { "vr", "PN" }, { "Value", { { { "Alphabetic", "Patient^" + std::to_string(n) } } } } } } });
    }
    return matches.dump();
}

int fileCount(const fs::path& folder)
{
    int count = 0;
    if (fs::exists(folder)) {
        for (const auto& entry : fs::recursive_directory_iterator(folder)) {
            count += entry.is_regular_file() ? 1 : 0;
        }
    }
    return count;
}

} // namespace

class TestPacsHostile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_server.Get("/garbage/studies", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("<html>not JSON at all", "text/html");
        });
        m_server.Get("/garbage/studies/1.2/series/3.4", [](const httplib::Request&, httplib::Response& response) {
            response.set_content("<html>a login page</html>", "text/html");
        });
        m_server.Get("/notdicom/studies/1.2/series/3.4", [](const httplib::Request&, httplib::Response& response) {
            answerMultipart(response, part("this is not DICOM") + "--" + kBoundary + "--\r\n");
        });
        m_server.Get("/truncated/studies/1.2/series/3.4", [](const httplib::Request&, httplib::Response& response) {
            const std::string second = dicomInstance("3.4.6");
            answerMultipart(response, part(dicomInstance("3.4.5")) + part(second.substr(0, second.size() / 2)));
        });
        m_server.Get("/syntax/studies/1.2/series/3.4", [](const httplib::Request&, httplib::Response& response) {
            answerMultipart(response, part(dicomInstance("3.4.7", "1.2.840.10008.1.2.9")) + "--" + kBoundary + "--");
        });
        m_server.Get("/slow/studies", [](const httplib::Request&, httplib::Response& response) {
            std::this_thread::sleep_for(std::chrono::seconds(3));
            response.set_content("[]", "application/dicom+json");
        });
        m_server.Get("/locked/studies", [](const httplib::Request&, httplib::Response& response) {
            response.status = 401;
            response.set_content("authentication required", "text/plain");
        });
        // 3000 studies, paged as QIDO-RS says ("many"), or all of them whatever the limit ("ignoring").
        m_server.Get("/many/studies", [this](const httplib::Request& request, httplib::Response& response) {
            ++m_manyRequests;
            const int offset = request.has_param("offset") ? std::stoi(request.get_param_value("offset")) : 0;
            const int limit = request.has_param("limit") ? std::stoi(request.get_param_value("limit")) : kMatches;
            response.set_content(studies(offset, std::min(limit, kMatches - offset)), "application/dicom+json");
        });
        m_server.Get("/ignoring/studies", [](const httplib::Request&, httplib::Response& response) {
            response.set_content(studies(0, kMatches), "application/dicom+json");
        });
        // Basic "user:secret" or bearer "token-1" only.
        m_server.Get("/auth/studies", [](const httplib::Request& request, httplib::Response& response) {
            const std::string given = request.get_header_value("Authorization");
            if (given != "Basic dXNlcjpzZWNyZXQ=" && given != "Bearer token-1") {
                response.status = 401;
                return;
            }
            response.set_content("[]", "application/dicom+json");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        QVERIFY(m_port > 0);
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        // The socket listens from bind_to_any_port on: requests wait in its backlog until the loop runs.
    }

    void cleanupTestCase()
    {
        m_server.stop();
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }

    void downPacsIsUnreadable()
    {
        int port = 0;
        loopbackSocket(false, port);
        const auto web = pacs::echo(pacs::dicomWebNode("http://127.0.0.1:" + std::to_string(port)).value());
        QVERIFY(!web.ok());
        QCOMPARE(web.error().code, core::ErrorCode::Unreadable);
        QVERIFY2(web.error().message.find("cannot connect") != std::string::npos, web.error().message.c_str());
        const auto dimse = pacs::echo(pacs::dimseNode("PACS@127.0.0.1:" + std::to_string(port)).value());
        QVERIFY(!dimse.ok());
        QCOMPARE(dimse.error().code, core::ErrorCode::Unreadable);
    }

    void silentDimsePeerTimesOut()
    {
        int port = 0;
        const int listener = loopbackSocket(true, port);
        QVERIFY(listener >= 0 && port > 0);
        pacs::PacsNode node = pacs::dimseNode("PACS@127.0.0.1:" + std::to_string(port)).value();
        node.dimse.timeoutSeconds = 1;
        const auto started = std::chrono::steady_clock::now();
        const auto echoed = pacs::echo(node);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        close(listener);
        QVERIFY(!echoed.ok());
        QCOMPARE(echoed.error().code, core::ErrorCode::Unreadable);
        QVERIFY2(seconds < 10.0, "the association time-out of 1 s applies");
    }

    void slowAnswerTimesOut()
    {
        pacs::PacsNode node = webNode("slow");
        node.dicomWeb.readTimeoutSeconds = 1;
        const auto started = std::chrono::steady_clock::now();
        const auto found = pacs::find(node, {});
        QVERIFY(!found.ok());
        QCOMPARE(found.error().code, core::ErrorCode::Unreadable);
        QVERIFY2(found.error().message.find("time-out") != std::string::npos, found.error().message.c_str());
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(2900));
    }

    void thousandsOfMatchesArePagedAndCapped()
    {
        pacs::PacsQuery query;
        query.maxMatches = 2500;
        query.pageSize = 200;
        m_manyRequests = 0;
        const auto capped = pacs::find(webNode("many"), query);
        QVERIFY2(capped.ok(), capped.ok() ? "" : capped.error().toString().c_str());
        QCOMPARE(capped->matches.size(), std::size_t(2500));
        QVERIFY(capped->truncated);
        QCOMPARE(m_manyRequests.load(), 13); // 12 full pages and the one that shows there are more
        QCOMPARE(capped->matches[2499].studyUid, std::string("1.2.2499"));

        query.maxMatches = 5000;
        const auto all = pacs::find(webNode("many"), query);
        QCOMPARE(all->matches.size(), std::size_t(kMatches));
        QVERIFY(!all->truncated);

        // A server that ignores limit and offset answers everything at once: no endless paging, still capped.
        query.maxMatches = 100;
        const auto ignoring = pacs::find(webNode("ignoring"), query);
        QCOMPARE(ignoring->matches.size(), std::size_t(100));
        QVERIFY(ignoring->truncated);
    }

    void basicAndBearerAuthenticationAreSent()
    {
        pacs::PacsNode node = webNode("auth");
        QVERIFY(!pacs::echo(node).ok());
        node.dicomWeb.authentication = pacs::HttpAuthentication::Basic;
        node.dicomWeb.user = "user";
        node.dicomWeb.password = "secret";
        QVERIFY(pacs::echo(node).ok());
        node.dicomWeb.password = "wrong";
        const auto refused = pacs::echo(node);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("authentication") != std::string::npos, refused.error().message.c_str());
        node.dicomWeb.authentication = pacs::HttpAuthentication::Bearer;
        node.dicomWeb.token = "token-1";
        QVERIFY(pacs::echo(node).ok());
    }

    void garbageSearchAnswerIsInvalid()
    {
        const auto found = pacs::find(webNode("garbage"), {});
        QVERIFY(!found.ok());
        QCOMPARE(found.error().code, core::ErrorCode::InvalidFormat);
        const auto locked = pacs::find(webNode("locked"), {});
        QVERIFY(!locked.ok());
        QVERIFY2(locked.error().message.find("authentication") != std::string::npos, locked.error().message.c_str());
    }

    void garbageRetrieveAnswersLeaveNoFiles_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("files");
        QTest::newRow("not multipart") << "garbage" << int(core::ErrorCode::InvalidFormat) << 0;
        QTest::newRow("part not DICOM") << "notdicom" << int(core::ErrorCode::InvalidFormat) << 0;
        QTest::newRow("unknown transfer syntax") << "syntax" << int(core::ErrorCode::UnsupportedFormat) << 0;
        // The first instance is whole and kept; the half second one never becomes a file.
        QTest::newRow("truncated") << "truncated" << int(core::ErrorCode::Truncated) << 1;
    }

    void garbageRetrieveAnswersLeaveNoFiles()
    {
        QFETCH(QString, answer);
        QFETCH(int, code);
        QFETCH(int, files);
        QTemporaryDir dir;
        pacs::RetrieveOptions options;
        options.destination = dir.path().toStdString();
        const auto retrieved = pacs::retrieve(webNode(answer.toStdString()), { "1.2", "3.4" }, options);
        QVERIFY(!retrieved.ok());
        QCOMPARE(int(retrieved.error().code), code);
        QCOMPARE(fileCount(options.destination), files);
    }

    void cancelledRetrieveStops()
    {
        QTemporaryDir dir;
        pacs::RetrieveOptions options;
        options.destination = dir.path().toStdString();
        options.cancel.cancel();
        const auto retrieved = pacs::retrieve(webNode("truncated"), { "1.2", "3.4" }, options);
        QVERIFY(!retrieved.ok());
        QCOMPARE(retrieved.error().code, core::ErrorCode::Cancelled);
        QCOMPARE(fileCount(options.destination), 0);
    }

    void unsafeUidsAreRefusedBeforeAnyRequest()
    {
        QTemporaryDir dir;
        pacs::RetrieveOptions options;
        options.destination = dir.path().toStdString();
        const auto retrieved = pacs::retrieve(webNode("garbage"), { "../../etc", "" }, options);
        QVERIFY(!retrieved.ok());
        QCOMPARE(retrieved.error().code, core::ErrorCode::InvalidArgument);
    }

private:
    pacs::PacsNode webNode(const std::string& prefix) const
    {
        return pacs::dicomWebNode("http://127.0.0.1:" + std::to_string(m_port) + "/" + prefix).value();
    }

    httplib::Server m_server;
    std::atomic<int> m_manyRequests { 0 };
    std::thread m_thread;
    int m_port = 0;
};

QTEST_GUILESS_MAIN(TestPacsHostile)
#include "tst_pacs_hostile.moc"
