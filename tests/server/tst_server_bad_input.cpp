// Bad input against the real server: each gets the right 4xx/5xx with a JSON error body, and the server keeps
// serving other clients (a good request succeeds after every case, and while slow connections are held open).
#include <QtTest/QtTest>

#include <QBuffer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

namespace {

uint32_t crc32(const std::string& bytes)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (const unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

std::string bigEndian(uint32_t value)
{
    return { static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
        static_cast<char>(value) };
}

// A PNG whose header claims width x height pixels (8-bit grey) with a valid CRC, and no image data.
std::string pngClaiming(uint32_t width, uint32_t height)
{
    const std::string ihdr = "IHDR" + bigEndian(width) + bigEndian(height) + std::string("\x08\x00\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1a\n", 8) + bigEndian(13) + ihdr + bigEndian(crc32(ihdr));
}

int connectLoopback(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

class TestServerBadInput : public QObject {
    Q_OBJECT

private:
    std::filesystem::path m_run;
    std::unique_ptr<server::Server> m_server;
    std::string m_jpeg;

    void expectStillServing()
    {
        const auto good
            = test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment", m_jpeg, "image/jpeg"));
        QCOMPARE(good.status, 200);
    }

    static void expectJsonError(const test::RawAnswer& answer, int status, const QString& code)
    {
        QCOMPARE(answer.status, status);
        QCOMPARE(QString::fromStdString(answer.headers.count("content-type") ? answer.headers.at("content-type") : ""),
            QString("application/json"));
        const QJsonObject error
            = QJsonDocument::fromJson(QByteArray::fromStdString(answer.body)).object().value("error").toObject();
        QCOMPARE(error.value("status").toInt(), status);
        if (!code.isEmpty()) {
            QCOMPARE(error.value("code").toString(), code);
        }
        QVERIFY(!error.value("message").toString().isEmpty());
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor");
        std::string why;
        m_run = test::tinyRun(why);
        QVERIFY2(!m_run.empty(), why.c_str());
        server::ServerOptions options;
        options.models = { m_run };
        options.maxBodyBytes = 4u << 20;
        options.maxImageSide = 2048;
        options.ioTimeout = std::chrono::seconds(1);
        m_server = test::startServer(options, why);
        QVERIFY2(m_server, why.c_str());
        m_jpeg = test::readBytes(test::firstValidationImage());
    }

    void badBodies_data()
    {
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const std::string jpeg = test::readBytes(test::firstValidationImage());
        static constexpr char garbageBytes[] = "\x13\x37 this is not an image at all \x00\xff";
        const QByteArray garbage(garbageBytes, sizeof(garbageBytes) - 1);
        QTest::newRow("garbage png") << "image/png" << garbage << 400 << "invalid_image";
        QTest::newRow("garbage jpeg") << "image/jpeg" << garbage << 400 << "invalid_image";
        QTest::newRow("garbage dicom") << "application/dicom" << garbage << 400 << "invalid_image";
        QTest::newRow("text/plain") << "text/plain" << QByteArray::fromStdString(jpeg) << 415
                                    << "unsupported_media_type";
        QTest::newRow("no content type") << "" << QByteArray::fromStdString(jpeg) << 415 << "unsupported_media_type";
        QTest::newRow("empty body") << "image/jpeg" << QByteArray() << 400 << "empty_body";
        QTest::newRow("truncated jpeg") << "image/jpeg" << QByteArray::fromStdString(jpeg.substr(0, jpeg.size() / 2))
                                        << 400 << "invalid_image";
        QTest::newRow("png sent as jpeg header only")
            << "image/png" << QByteArray::fromStdString(jpeg.substr(0, 200)) << 400 << "invalid_image";
        QTest::newRow("absurd png dimensions")
            << "image/png" << QByteArray::fromStdString(pngClaiming(100000, 100000)) << 413 << "image_too_large";
        QTest::newRow("oversized but legal png")
            << "image/png" << QByteArray::fromStdString(pngClaiming(3000, 10)) << 0 << "";
    }

    void badBodies()
    {
        QFETCH(QString, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const auto answer = test::rawExchange(
            m_server->port(), test::httpRequest("POST", "/v1/segment", body.toStdString(), contentType.toStdString()));
        if (status == 0) {
            QVERIFY2(answer.status == 400 || answer.status == 413, qPrintable(QString::number(answer.status)));
            expectJsonError(answer, answer.status, {});
        } else {
            expectJsonError(answer, status, code);
        }
        expectStillServing();
    }

    void truncatedFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("contentType");
        QTest::addColumn<int>("keep"); // bytes kept; 0 = the file as stored (already truncated)
        QTest::newRow("truncated dicom") << "dicom/edge-pydicom/MR_truncated.dcm"
                                         << "application/dicom" << 0;
        QTest::newRow("cut dicom") << "dicom/edge-pydicom/MR_small.dcm"
                                   << "application/dicom" << 2000;
    }

    void truncatedFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, contentType);
        QFETCH(int, keep);
        DINOLENS_REQUIRE_DATA(file.toStdString());
        std::string bytes = test::readBytes(test::dataPath(file.toStdString()));
        if (keep > 0) {
            bytes.resize(static_cast<size_t>(keep));
        }
        const auto answer = test::rawExchange(
            m_server->port(), test::httpRequest("POST", "/v1/segment", bytes, contentType.toStdString()));
        expectJsonError(answer, 400, "invalid_image");
        expectStillServing();
    }

    void truncatedPng()
    {
        QImage image(64, 64, QImage::Format_Grayscale8);
        image.fill(90);
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(image.save(&buffer, "PNG"));
        const auto answer = test::rawExchange(m_server->port(),
            test::httpRequest("POST", "/v1/segment", png.left(png.size() - 20).toStdString(), "image/png"));
        expectJsonError(answer, 400, "invalid_image");
    }

    void hugeContentLength()
    {
        const std::string request = "POST /v1/segment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                                    "Content-Length: 100000000000\r\nConnection: close\r\n\r\nabc";
        expectJsonError(test::rawExchange(m_server->port(), request), 413, "payload_too_large");
        // Just above the 4 MiB limit: refused on the header, before the body is read.
        const std::string justAbove = "POST /v1/segment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                                      "Content-Length: 4194305\r\nConnection: close\r\n\r\n";
        expectJsonError(test::rawExchange(m_server->port(), justAbove), 413, "payload_too_large");
        expectStillServing();
    }

    void unknownModelAndRoutes()
    {
        expectJsonError(test::rawExchange(m_server->port(),
                            test::httpRequest("POST", "/v1/segment?model=nope", m_jpeg, "image/jpeg")),
            404, "unknown_model");
        expectJsonError(test::rawExchange(m_server->port(), test::httpRequest("GET", "/v1/nothing")), 404, "not_found");
        expectJsonError(test::rawExchange(m_server->port(), test::httpRequest("GET", "/v1/segment")), 404, {});
        const auto [body, type] = test::multipartBody({ { "comment", "", "", "no file here" } });
        expectJsonError(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment", body, type)), 400, "no_image");
        expectJsonError(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment/series", m_jpeg, "image/jpeg")),
            415, "unsupported_media_type");
        const auto [series, seriesType] = test::multipartBody({ { "files", "a.dcm", "application/dicom", "garbage" } });
        expectJsonError(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment/series", series, seriesType)),
            400, {});
        expectStillServing();
    }

    void slowAndDroppedConnections()
    {
        // A client that sends half its headers and stalls, and one that promises a body and hangs up.
        const int slow = connectLoopback(m_server->port());
        QVERIFY(slow >= 0);
        const std::string partial = "POST /v1/segment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty";
        QVERIFY(::send(slow, partial.data(), partial.size(), MSG_NOSIGNAL) > 0);
        const int dropped = connectLoopback(m_server->port());
        QVERIFY(dropped >= 0);
        const std::string promise = "POST /v1/segment HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
                                    "Content-Length: 100000\r\n\r\n0123456789";
        QVERIFY(::send(dropped, promise.data(), promise.size(), MSG_NOSIGNAL) > 0);
        ::close(dropped);
        expectStillServing(); // while the slow one is still open
        // The server drops the stalled connection after its read timeout (1 s here): recv sees the close.
        pollfd descriptor { slow, POLLIN, 0 };
        QVERIFY(::poll(&descriptor, 1, 10000) == 1);
        char byte = 0;
        QVERIFY(::recv(slow, &byte, 1, 0) <= 0 || byte == 'H');
        ::close(slow);
        expectStillServing();
    }
};

QTEST_GUILESS_MAIN(TestServerBadInput)
#include "tst_server_bad_input.moc"
