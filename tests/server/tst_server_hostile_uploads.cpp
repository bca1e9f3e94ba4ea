// Crafted uploads against the real server, written with DCMTK in the test: DICOMDIRs whose records leave the
// upload (absolute paths, ".."), as the body or as one part of many; DICOM headers whose sizes overflow; invalid
// UTF-8 in the model name, the fields and the headers. Every answer is a 4xx with a JSON error that names the
// upload's part and never a server path, and the server keeps serving.
#include <QtTest/QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

namespace {

const std::string kSmall = "dicom/edge-pydicom/MR_small.dcm";

std::string saved(DcmFileFormat& file, E_TransferSyntax syntax = EXS_LittleEndianExplicit)
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("crafted.dcm").toStdString();
    if (!file.saveFile(path.c_str(), syntax).good()) {
        return {};
    }
    return test::readBytes(path);
}

// A DICOMDIR with one IMAGE record per file ID (components separated by backslashes, as PS3.10 writes them).
std::string dicomDirectory(const std::vector<std::string>& fileIds, E_TransferSyntax syntax)
{
    DcmFileFormat file;
    DcmDataset* dataset = file.getDataset();
    dataset->putAndInsertString(DCM_SOPClassUID, UID_MediaStorageDirectoryStorage);
    dataset->putAndInsertString(DCM_SOPInstanceUID, "1.2.3.4.5.6.7");
    dataset->putAndInsertString(DCM_FileSetID, "HOSTILE");
    for (const std::string& fileId : fileIds) {
        DcmItem* record = nullptr;
        dataset->findOrCreateSequenceItem(DCM_DirectoryRecordSequence, record, -2);
        record->putAndInsertString(DCM_DirectoryRecordType, "IMAGE");
        record->putAndInsertString(DCM_ReferencedFileID, fileId.c_str());
        record->putAndInsertString(DCM_ReferencedSOPClassUIDInFile, UID_MRImageStorage);
    }
    return saved(file, syntax);
}

// The real MR_small instance with header sizes replaced: `rows` x `columns` x `frames` x `samples`.
std::string withSizes(const char* rows, const char* columns, const char* frames, const char* samples)
{
    DcmFileFormat file;
    if (!file.loadFile(test::dataPath(kSmall).c_str()).good()) {
        return {};
    }
    DcmDataset* dataset = file.getDataset();
    dataset->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    dataset->putAndInsertString(DCM_Rows, rows);
    dataset->putAndInsertString(DCM_Columns, columns);
    dataset->putAndInsertString(DCM_NumberOfFrames, frames);
    dataset->putAndInsertString(DCM_SamplesPerPixel, samples);
    return saved(file);
}

} // namespace

class TestServerHostileUploads : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<server::Server> m_server;
    std::string m_jpeg;

    void expectStillServing()
    {
        QCOMPARE(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment", m_jpeg, "image/jpeg")).status,
            200);
    }

    // A 4xx JSON error that names no server path; returns its message.
    static QString expectClientError(const test::RawAnswer& answer, int status, const QString& code)
    {
        [&] {
            QVERIFY2(answer.status >= 400 && answer.status < 500, qPrintable(QString::number(answer.status)));
            if (status != 0) {
                QCOMPARE(answer.status, status);
            }
            QCOMPARE(
                QString::fromStdString(answer.headers.count("content-type") ? answer.headers.at("content-type") : ""),
                QString("application/json"));
        }();
        QJsonParseError parse {};
        const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(answer.body), &parse);
        [&] {
            QCOMPARE(parse.error, QJsonParseError::NoError);
            const QJsonObject error = document.object().value("error").toObject();
            if (!code.isEmpty()) {
                QCOMPARE(error.value("code").toString(), code);
            }
            const QString message = error.value("message").toString();
            QVERIFY(!message.isEmpty());
            for (const char* leak : { "/tmp", "dinolens-server-", "request-", "instance-", "/work", "/home" }) {
                QVERIFY2(!message.contains(leak), qPrintable(message));
            }
        }();
        return document.object().value("error").toObject().value("message").toString();
    }

    test::RawAnswer postDicom(const std::string& route, const std::string& bytes)
    {
        if (route == "/v1/segment") {
            return test::rawExchange(m_server->port(), test::httpRequest("POST", route, bytes, "application/dicom"));
        }
        const auto [body, type] = test::multipartBody({ { "files", "a.dcm", "application/dicom", bytes } });
        return test::rawExchange(m_server->port(), test::httpRequest("POST", route, body, type));
    }

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor");
        DINOLENS_REQUIRE_DATA(kSmall);
        std::string why;
        const auto run = test::tinyRun(why);
        QVERIFY2(!run.empty(), why.c_str());
        server::ServerOptions options;
        options.models = { run };
        options.maxBodyBytes = 8u << 20;
        m_server = test::startServer(options, why);
        QVERIFY2(m_server, why.c_str());
        m_jpeg = test::readBytes(test::firstValidationImage());
    }

    void dicomDirectoryIsRefused_data()
    {
        QTest::addColumn<QStringList>("fileIds");
        QTest::addColumn<int>("syntax");
        const QString real = QString::fromStdString(test::dataPath(kSmall).string());
        QTest::newRow("absolute path") << QStringList { real } << int(EXS_LittleEndianExplicit);
        QTest::newRow("absolute, backslashes")
            << QStringList { QString(real).replace('/', '\\') } << int(EXS_LittleEndianExplicit);
        QTest::newRow("dot-dot") << QStringList { "..\\..\\..\\..\\..\\..\\etc\\passwd" }
                                 << int(EXS_LittleEndianExplicit);
        QTest::newRow("dot-dot, slashes, implicit VR")
            << QStringList { "../../../../../../" + real } << int(EXS_LittleEndianImplicit);
        QTest::newRow("inside the upload") << QStringList { "IMG0001" } << int(EXS_LittleEndianExplicit);
        QTest::newRow("no records") << QStringList {} << int(EXS_BigEndianExplicit);
    }

    // Refused before anything reads it, as the body, as the image part, or as part 3 of a series.
    void dicomDirectoryIsRefused()
    {
        QFETCH(QStringList, fileIds);
        QFETCH(int, syntax);
        std::vector<std::string> ids;
        for (const QString& id : fileIds) {
            ids.push_back(id.toStdString());
        }
        const std::string directory = dicomDirectory(ids, static_cast<E_TransferSyntax>(syntax));
        QVERIFY(!directory.empty());
        const QString asBody = expectClientError(postDicom("/v1/segment", directory), 400, "dicomdir_refused");
        QVERIFY2(asBody.contains("the request body"), qPrintable(asBody));

        const auto [single, singleType]
            = test::multipartBody({ { "model", "", "", "" }, { "image", "DICOMDIR", "application/dicom", directory } });
        const QString asPart = expectClientError(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment", single, singleType)), 400,
            "dicomdir_refused");
        QVERIFY2(asPart.contains("part 2 of the upload"), qPrintable(asPart));

        const std::string instance = test::readBytes(test::dataPath(kSmall));
        const auto [series, seriesType] = test::multipartBody({ { "files", "1.dcm", "application/dicom", instance },
            { "files", "2.dcm", "application/dicom", instance }, { "files", "DICOMDIR", "", directory } });
        const QString inSeries = expectClientError(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment/series", series, seriesType)),
            400, "dicomdir_refused");
        QVERIFY2(inSeries.contains("part 3 of the upload"), qPrintable(inSeries));
        expectStillServing();
    }

    void overflowingSizes_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("rows");
        QTest::addColumn<QString>("columns");
        QTest::addColumn<QString>("frames");
        QTest::addColumn<QString>("samples");
        for (const QString route : { "/v1/segment", "/v1/segment/series" }) {
            QTest::addRow("%s: product beyond 64 bits", qPrintable(route)) << route << "65535"
                                                                           << "65535"
                                                                           << "2147483647"
                                                                           << "3";
            QTest::addRow("%s: frame bomb", qPrintable(route)) << route << "64"
                                                               << "64"
                                                               << "100000000"
                                                               << "1";
            QTest::addRow("%s: huge sides", qPrintable(route)) << route << "65535"
                                                               << "65535"
                                                               << "1"
                                                               << "1";
            QTest::addRow("%s: zero rows", qPrintable(route)) << route << "0"
                                                              << "64"
                                                              << "1"
                                                              << "1";
            QTest::addRow("%s: many samples", qPrintable(route)) << route << "64"
                                                                 << "64"
                                                                 << "1"
                                                                 << "65535";
        }
    }

    void overflowingSizes()
    {
        QFETCH(QString, route);
        QFETCH(QString, rows);
        QFETCH(QString, columns);
        QFETCH(QString, frames);
        QFETCH(QString, samples);
        const std::string crafted
            = withSizes(qPrintable(rows), qPrintable(columns), qPrintable(frames), qPrintable(samples));
        QVERIFY(!crafted.empty());
        expectClientError(postDicom(route.toStdString(), crafted), 0, {});
        expectStillServing();
    }

    // Core errors name the file they concern; the answer names the upload instead.
    void errorsNameTheUpload()
    {
        const std::string instance = test::readBytes(test::dataPath(kSmall));
        const QString body = expectClientError(
            postDicom("/v1/segment", instance.substr(0, instance.size() / 2)), 400, "invalid_image");
        QVERIFY2(body.contains("the request body"), qPrintable(body));
        const auto [series, type] = test::multipartBody(
            { { "model", "", "", "" }, { "files", "a.dcm", "application/dicom", "not a dicom file at all" } });
        const QString part = expectClientError(
            test::rawExchange(m_server->port(), test::httpRequest("POST", "/v1/segment/series", series, type)), 400,
            {});
        QVERIFY2(part.contains("part 2 of the upload"), qPrintable(part));
    }

    void invalidUtf8_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const std::string jpeg = test::readBytes(test::firstValidationImage());
        QTest::newRow("model in the query") << QByteArray::fromStdString(
            test::httpRequest("POST", "/v1/segment?model=%FF%FEmodel%C0%AF", jpeg, "image/jpeg"))
                                            << 404 << "unknown_model";
        QTest::newRow("raw bytes in the query")
            << QByteArray::fromStdString(test::httpRequest("POST", "/v1/segment?model=\xff\xfe", jpeg, "image/jpeg"))
            << 404 << "unknown_model";
        const auto [body, type] = test::multipartBody(
            { { "model", "", "", "\xed\xa0\x80surrogate" }, { "image", "x.jpg", "image/jpeg", jpeg } });
        QTest::newRow("model field") << QByteArray::fromStdString(test::httpRequest("POST", "/v1/segment", body, type))
                                     << 404 << "unknown_model";
        QTest::newRow("content type") << QByteArray::fromStdString(
            test::httpRequest("POST", "/v1/segment", jpeg, "image/\xe9t\xe9\xff"))
                                      << 415 << "unsupported_media_type";
        const auto [named, namedType]
            = test::multipartBody({ { "image", "\xff\xfe.png", "text/\xc3\x28", "not an image" } });
        QTest::newRow("part file name and type")
            << QByteArray::fromStdString(test::httpRequest("POST", "/v1/segment", named, namedType)) << 415
            << "unsupported_media_type";
        QTest::newRow("route") << QByteArray::fromStdString(test::httpRequest("GET", "/v1/\xff\xfe")) << 404
                               << "not_found";
        QTest::newRow("unknown model on the series route")
            << QByteArray::fromStdString(test::httpRequest("POST", "/v1/segment/series?model=%E9t%E9", body, type))
            << 404 << "unknown_model";
    }

    void invalidUtf8()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(QString, code);
        expectClientError(test::rawExchange(m_server->port(), request.toStdString()), status, code);
        expectStillServing();
    }
};

QTEST_GUILESS_MAIN(TestServerHostileUploads)
#include "tst_server_hostile_uploads.moc"
