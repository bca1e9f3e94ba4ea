// The REST API through dinolens::client against a real in-process server with a real trained model: segment
// (JPEG, PNG multipart, DICOM), masks equal the predictor's, feature maps, a DICOM series to NIfTI, models,
// OpenAPI, metrics, dynamic batching, queue-full 503 with client retries, bearer tokens and timeouts.
#include <QtTest/QtTest>

#include <QBuffer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <fstream>
#include <future>
#include <thread>

#include "dinolens/client/client.h"
#include "dinolens/core/nifti_reader.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

namespace {

QImage decodePng(const std::string& bytes)
{
    return QImage::fromData(reinterpret_cast<const uchar*>(bytes.data()), static_cast<int>(bytes.size()), "PNG");
}

} // namespace

class TestServerApi : public QObject {
    Q_OBJECT

private:
    std::filesystem::path m_run;
    std::unique_ptr<server::Server> m_server;
    client::Client client(std::string token = {}) const
    {
        client::ClientOptions options;
        options.url = "http://127.0.0.1:" + std::to_string(m_server->port());
        options.token = std::move(token);
        return client::Client(options);
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
        options.batchWindow = std::chrono::milliseconds(20);
        m_server = test::startServer(options, why);
        QVERIFY2(m_server, why.c_str());
    }

    void healthAndModels()
    {
        QVERIFY(client().health().ok());
        QCOMPARE(client().ready().value(), true);
        auto models = client().models();
        QVERIFY(models.ok());
        QCOMPARE(models->size(), size_t { 1 });
        QCOMPARE(models->front().id, m_run.filename().string());
        QVERIFY(models->front().loaded);
        QVERIFY(models->front().isDefault);
        // The list names models; it never says where the server keeps them.
        const test::RawAnswer raw = test::rawExchange(m_server->port(), test::httpRequest("GET", "/v1/models"));
        QCOMPARE(raw.status, 200);
        QVERIFY2(raw.body.find(m_run.parent_path().string()) == std::string::npos, raw.body.c_str());
    }

    void segmentJpegMatchesPredictor()
    {
        const auto image = test::firstValidationImage();
        auto result = client().segmentFile(image);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
        auto predictor = inference::SegmentationPredictor::open(m_run);
        QVERIFY(predictor.ok());
        auto expected = predictor->predictFile(image);
        QVERIFY(expected.ok());
        QCOMPARE(result->width, expected->mask.width());
        QCOMPARE(result->height, expected->mask.height());
        const QImage labels = decodePng(result->labelPng);
        QCOMPARE(labels.width(), expected->mask.width());
        QCOMPARE(labels.format(), QImage::Format_Grayscale8);
        std::array<int64_t, 4> counts {};
        for (int y = 0; y < labels.height(); ++y) {
            const uchar* row = labels.constScanLine(y);
            for (int x = 0; x < labels.width(); ++x) {
                QCOMPARE(row[x], expected->mask.at(x, y));
                ++counts[std::min<uchar>(row[x], 3)];
            }
        }
        QCOMPARE(result->tumorPresent, expected->tumorPresent);
        QCOMPARE(static_cast<float>(result->tumorProbability), expected->tumorProbability);
        QCOMPARE(result->tumorClass == "none", !expected->tumorPresent || counts[1] + counts[2] + counts[3] == 0);
        QCOMPARE(result->classes.size(), size_t { 3 });
        for (const auto& entry : result->classes) {
            QCOMPARE(entry.areaPixels, counts[static_cast<size_t>(entry.id)]);
            QVERIFY(!entry.areaMm2.has_value()); // a JPEG states no spacing
            QCOMPARE(decodePng(entry.maskPng).size(), labels.size());
            QCOMPARE(entry.contours.empty(), entry.areaPixels == 0);
            QVERIFY(entry.confidence >= 0.0 && entry.confidence <= 1.0);
            QCOMPARE(entry.confidence > 0.0, entry.areaPixels > 0);
        }
    }

    void segmentMultipartPngWithModel()
    {
        const QImage source(QString::fromStdString(test::firstValidationImage().string()));
        QByteArray png;
        QBuffer buffer(&png);
        QVERIFY(source.convertToFormat(QImage::Format_Grayscale8).save(&buffer, "PNG"));
        client::SegmentOptions options;
        options.multipart = true;
        options.model = m_run.filename().string();
        auto result = client().segment(png.toStdString(), "image/png", options);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
        QCOMPARE(result->width, source.width());
        QCOMPARE(result->model, options.model);
    }

    void segmentDicomHasMillimetres()
    {
        DINOLENS_REQUIRE_DATA("dicom/edge-pydicom/MR_small.dcm");
        auto result = client().segmentFile(test::dataPath("dicom/edge-pydicom/MR_small.dcm"));
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
        for (const auto& entry : result->classes) {
            QVERIFY(entry.areaMm2.has_value());
            QVERIFY(*entry.areaMm2 >= 0.0);
        }
    }

    void featureMaps()
    {
        client::SegmentOptions options;
        options.featureMaps = true;
        auto result = client().segmentFile(test::firstValidationImage(), options);
        QVERIFY(result.ok());
        const QImage pca = decodePng(result->pcaPng);
        const QImage similarity = decodePng(result->similarityPng);
        // 64-pixel working resolution, patch 16: a 4 x 4 grid drawn 8 pixels per patch.
        QCOMPARE(pca.size(), QSize(32, 32));
        QCOMPARE(similarity.size(), QSize(32, 32));
    }

    void seriesToNifti()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(test::dataPath("dicom/series-dwi-sag48"))) {
            if (entry.path().extension() == ".dcm") {
                files.push_back(entry.path());
            }
        }
        auto result = client().segmentSeries(files);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
        QTemporaryDir dir;
        const auto path = std::filesystem::path(dir.path().toStdString()) / "mask.nii.gz";
        std::ofstream(path, std::ios::binary)
            .write(result->maskNiftiGz.data(), static_cast<std::streamsize>(result->maskNiftiGz.size()));
        auto mask = core::loadNifti(path);
        QVERIFY2(mask.ok(), mask.ok() ? "" : mask.error().toString().c_str());
        QCOMPARE(mask->dims, result->dims);
        QCOMPARE(result->dims[2], static_cast<int>(files.size()));
        QCOMPARE(result->volumesMm3.size(), size_t { 3 });
        // The series verdict: a tumour is present when any predicted voxel is (negative slices ship no mask), and
        // its probability is a score in [0, 1].
        bool anyVoxel = false;
        for (std::size_t i = 0; i < mask->voxelCount() && !anyVoxel; ++i) {
            anyVoxel = mask->value(i) != 0.0;
        }
        if (anyVoxel) {
            QVERIFY(result->tumorPresent);
        }
        QVERIFY(result->tumorProbability >= 0.0 && result->tumorProbability <= 1.0);
    }

    void openApiDescribesRoutes()
    {
        const auto answer = test::rawExchange(m_server->port(), test::httpRequest("GET", "/openapi.json"));
        QCOMPARE(answer.status, 200);
        const QJsonObject document = QJsonDocument::fromJson(QByteArray::fromStdString(answer.body)).object();
        QVERIFY(document.value("openapi").toString().startsWith("3."));
        const QJsonObject paths = document.value("paths").toObject();
        for (const char* route : { "/v1/health", "/v1/health/ready", "/v1/models", "/v1/segment", "/v1/segment/series",
                 "/metrics", "/openapi.json" }) {
            QVERIFY2(paths.contains(route), route);
        }
        const QJsonObject segment = paths.value("/v1/segment").toObject().value("post").toObject();
        for (const char* status : { "200", "400", "401", "404", "413", "415", "503", "504" }) {
            QVERIFY2(segment.value("responses").toObject().contains(status), status);
        }
        for (const char* type : { "image/png", "image/jpeg", "application/dicom", "multipart/form-data" }) {
            QVERIFY(segment.value("requestBody").toObject().value("content").toObject().contains(type));
        }
    }

    // The value of one Prometheus sample line `key value` in the metrics text; -1 when absent.
    static long long metricValue(const std::string& metrics, const std::string& key)
    {
        const size_t at = metrics.find(key + " ");
        return at == std::string::npos ? -1 : std::stoll(metrics.substr(at + key.size() + 1));
    }

    void batchesConcurrentRequests()
    {
        const std::string bytes = test::readBytes(test::firstValidationImage());
        auto single = client().segment(bytes, "image/jpeg");
        QVERIFY(single.ok());
        const std::string model = m_run.filename().string();
        const std::string countKey = "dinolens_batch_size_count{model=\"" + model + "\"}";
        auto before = client().metrics();
        QVERIFY(before.ok());
        const long long batchesBefore = metricValue(*before, countKey);
        QVERIFY(batchesBefore >= 1);

        constexpr int kClients = 8;
        std::vector<std::future<core::Result<client::SegmentResult>>> answers;
        for (int i = 0; i < kClients; ++i) {
            answers.push_back(
                std::async(std::launch::async, [this, &bytes] { return client().segment(bytes, "image/jpeg"); }));
        }
        for (auto& answer : answers) {
            auto result = answer.get();
            QVERIFY(result.ok());
            QCOMPARE(result->labelPng, single->labelPng); // batching does not change the answer
        }
        auto metrics = client().metrics();
        QVERIFY(metrics.ok());
        QVERIFY(metrics->find("dinolens_requests_total{route=\"/v1/segment\",status=\"200\"}") != std::string::npos);
        QVERIFY(metrics->find("dinolens_queue_length{model=\"" + model + "\"}") != std::string::npos);
        // Counted over these eight requests only: fewer forward passes than requests, so some pass served several.
        const long long batches = metricValue(*metrics, countKey) - batchesBefore;
        QVERIFY2(batches >= 1 && batches < kClients,
            qPrintable(QString("%1 forward passes for %2 requests").arg(batches).arg(kClients)));
    }

    void queueFullAnswers503AndClientRetries()
    {
        server::ServerOptions options;
        options.models = { m_run };
        options.queueCapacity = 1;
        options.maxBatch = 1;
        std::string why;
        auto small = test::startServer(options, why);
        QVERIFY2(small, why.c_str());
        const std::string bytes = test::readBytes(test::firstValidationImage());
        const std::string request = test::httpRequest("POST", "/v1/segment", bytes, "image/jpeg");
        std::vector<std::future<test::RawAnswer>> answers;
        for (int i = 0; i < 12; ++i) {
            answers.push_back(
                std::async(std::launch::async, [&] { return test::rawExchange(small->port(), request); }));
        }
        int ok = 0;
        int full = 0;
        for (auto& future : answers) {
            const test::RawAnswer answer = future.get();
            if (answer.status == 503) {
                ++full;
                QCOMPARE(answer.headers.count("retry-after"), size_t { 1 });
                QVERIFY(answer.body.find("\"unavailable\"") != std::string::npos);
            } else {
                QCOMPARE(answer.status, 200);
                ++ok;
            }
        }
        QVERIFY(ok >= 1);
        QVERIFY2(full >= 1, "12 concurrent requests never filled a queue of 1");
        // The client waits and retries on 503: with enough retries every request succeeds.
        client::ClientOptions clientOptions;
        clientOptions.url = "http://127.0.0.1:" + std::to_string(small->port());
        clientOptions.retries = 50;
        clientOptions.maxRetryDelay = std::chrono::milliseconds(50);
        const client::Client retrying(clientOptions);
        std::vector<std::future<bool>> retried;
        for (int i = 0; i < 6; ++i) {
            retried.push_back(
                std::async(std::launch::async, [&] { return retrying.segment(bytes, "image/jpeg").ok(); }));
        }
        for (auto& future : retried) {
            QVERIFY(future.get());
        }
    }

    void bearerToken()
    {
        server::ServerOptions options;
        options.models = { m_run };
        options.token = "s3cret-token";
        std::string why;
        auto secured = test::startServer(options, why);
        QVERIFY2(secured, why.c_str());
        const int port = secured->port();
        QCOMPARE(test::rawExchange(port, test::httpRequest("GET", "/v1/health")).status, 200);
        const auto missing = test::rawExchange(port, test::httpRequest("GET", "/v1/models"));
        QCOMPARE(missing.status, 401);
        QVERIFY(missing.body.find("\"unauthorized\"") != std::string::npos);
        QCOMPARE(
            test::rawExchange(port, test::httpRequest("GET", "/v1/models", {}, {}, "Authorization: Bearer wrong\r\n"))
                .status,
            401);
        QCOMPARE(test::rawExchange(
                     port, test::httpRequest("GET", "/v1/models", {}, {}, "Authorization: Bearer s3cret-token\r\n"))
                     .status,
            200);
        client::ClientOptions clientOptions;
        clientOptions.url = "http://127.0.0.1:" + std::to_string(port);
        clientOptions.token = "s3cret-token";
        QVERIFY(client::Client(clientOptions).segmentFile(test::firstValidationImage()).ok());
    }

    void cudaWithoutCudaSaysWhyTheModelIsNotLoaded()
    {
        if (inference::cudaAvailable()) {
            QSKIP("this machine has CUDA: the models load on the GPU");
        }
        server::ServerOptions options;
        options.models = { m_run };
        options.cuda = true;
        auto created = server::Server::create(options);
        QVERIFY(created.ok());
        QVERIFY((*created)->start().ok());
        const int port = (*created)->port();
        // The model fails to load: not ready, /v1/models says why, and segmenting answers 503 instead of hanging.
        QTRY_VERIFY_WITH_TIMEOUT(
            test::rawExchange(port, test::httpRequest("GET", "/v1/models")).body.find("CUDA") != std::string::npos,
            30000);
        QCOMPARE(test::rawExchange(port, test::httpRequest("GET", "/v1/health/ready")).status, 503);
        const std::string image = test::readBytes(test::firstValidationImage());
        QCOMPARE(test::rawExchange(port, test::httpRequest("POST", "/v1/segment", image, "image/jpeg")).status, 503);
        (*created)->stop();
        (*created)->wait();
    }

    void requestTimeoutAnswers504()
    {
        server::ServerOptions options;
        options.models = { m_run };
        options.requestTimeout = std::chrono::milliseconds(1); // shorter than any decode + forward pass
        std::string why;
        auto hurried = test::startServer(options, why);
        QVERIFY2(hurried, why.c_str());
        const auto answer = test::rawExchange(hurried->port(),
            test::httpRequest("POST", "/v1/segment", test::readBytes(test::firstValidationImage()), "image/jpeg"));
        QCOMPARE(answer.status, 504);
        QVERIFY(answer.body.find("\"timeout\"") != std::string::npos);
        // The series route says the same about the same limit, and the client reads it as a time-out, not as a
        // cancellation or a busy server.
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(test::dataPath("dicom/series-dwi-sag48"))) {
            files.push_back(entry.path());
        }
        client::ClientOptions clientOptions;
        clientOptions.url = "http://127.0.0.1:" + std::to_string(hurried->port());
        clientOptions.retries = 0;
        auto series = client::Client(clientOptions).segmentSeries(files);
        QVERIFY(!series.ok());
        QCOMPARE(series.error().code, core::ErrorCode::TimedOut);
        QVERIFY2(series.error().message.find("timeout") != std::string::npos
                || series.error().message.find("time limit") != std::string::npos,
            series.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_server_api.moc"
