// The streaming multipart/related parser and builder of WADO-RS and STOW-RS bodies.
#include <QtTest/QtTest>

#include "multipart_related.h"

using namespace dinolens;
using pacs::detail::MultipartParser;
using pacs::detail::MultipartPart;

namespace {

struct Parsed {
    std::vector<MultipartPart> parts;
    core::Status status = core::okStatus();
};

Parsed parseInChunks(
    const std::string& body, const std::string& boundary, std::size_t chunk, std::uint64_t limit = 1 << 20)
{
    Parsed parsed;
    MultipartParser parser(boundary, limit, [&parsed](MultipartPart&& part) {
        parsed.parts.push_back(std::move(part));
        return core::okStatus();
    });
    for (std::size_t start = 0; start < body.size() && parsed.status; start += chunk) {
        parsed.status = parser.feed(std::string_view(body).substr(start, chunk));
    }
    if (parsed.status) {
        parsed.status = parser.finish();
    }
    return parsed;
}

} // namespace

class TestPacsMultipart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void partsSurviveEveryChunkSize()
    {
        // Bodies that hold CR LF and dashes, like DICOM pixel data can.
        static constexpr char firstBody[] = "DICM\r\n--not-the-boundary\r\n\0\1\2";
        const std::string first(firstBody, sizeof(firstBody) - 1);
        const std::string second(5000, '\r');
        const auto built = pacs::detail::buildDicomMultipart({ first, second, "" });
        const std::string boundary = pacs::detail::contentTypeParameter(built.contentType, "boundary");
        QVERIFY(!boundary.empty());
        QCOMPARE(pacs::detail::mediaType(built.contentType), std::string("multipart/related"));
        for (const std::size_t chunk :
            { std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(64), built.body.size() }) {
            const Parsed parsed = parseInChunks(built.body, boundary, chunk);
            QVERIFY2(parsed.status.ok(), parsed.status.ok() ? "" : parsed.status.error().message.c_str());
            QCOMPARE(parsed.parts.size(), std::size_t(3));
            QCOMPARE(parsed.parts[0].body, first);
            QCOMPARE(parsed.parts[1].body, second);
            QCOMPARE(parsed.parts[2].body, std::string());
            QCOMPARE(parsed.parts[0].contentType, std::string("application/dicom"));
        }
    }

    void preambleAndQuotedBoundaryAreRead()
    {
        const std::string contentType = "Multipart/Related; type=\"application/dicom\"; boundary=\"a b\"";
        QCOMPARE(pacs::detail::contentTypeParameter(contentType, "boundary"), std::string("a b"));
        QCOMPARE(pacs::detail::contentTypeParameter(contentType, "type"), std::string("application/dicom"));
        QCOMPARE(pacs::detail::mediaType(contentType), std::string("multipart/related"));
        const std::string body
            = "preamble text\r\n--a b\r\nContent-Type: application/dicom\r\n\r\nxyz\r\n--a b--\r\nepilogue";
        const Parsed parsed = parseInChunks(body, "a b", 3);
        QVERIFY(parsed.status.ok());
        QCOMPARE(parsed.parts.size(), std::size_t(1));
        QCOMPARE(parsed.parts[0].body, std::string("xyz"));
    }

    void missingClosingBoundaryIsTruncated()
    {
        const Parsed parsed = parseInChunks("--b\r\n\r\nfirst\r\n--b\r\n\r\nhalf of the sec", "b", 4);
        QVERIFY(!parsed.status.ok());
        QCOMPARE(parsed.status.error().code, core::ErrorCode::Truncated);
        QCOMPARE(parsed.parts.size(), std::size_t(1)); // the whole first part, never the half one
    }

    void oversizedPartIsRefused()
    {
        const auto built = pacs::detail::buildDicomMultipart({ std::string(10000, 'x') });
        const Parsed parsed
            = parseInChunks(built.body, pacs::detail::contentTypeParameter(built.contentType, "boundary"), 100, 1000);
        QVERIFY(!parsed.status.ok());
        QCOMPARE(parsed.status.error().code, core::ErrorCode::TooLarge);
    }

    void bodyWithoutBoundaryIsInvalid()
    {
        const Parsed parsed = parseInChunks(std::string(40000, 'g'), "b", 1000);
        QVERIFY(!parsed.status.ok());
        QCOMPARE(parsed.status.error().code, core::ErrorCode::InvalidFormat);
    }

    void partErrorStopsTheParse()
    {
        int seen = 0;
        MultipartParser parser("b", 1000, [&seen](MultipartPart&&) {
            ++seen;
            return core::Status(core::makeError(core::ErrorCode::UnsupportedFormat, "refused"));
        });
        const auto status = parser.feed("--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n--b--");
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, core::ErrorCode::UnsupportedFormat);
        QCOMPARE(seen, 1);
    }
};

QTEST_GUILESS_MAIN(TestPacsMultipart)
#include "tst_pacs_multipart.moc"
