// The REST API through dinolens::client against a real in-process server with a real trained model: segment
// (JPEG, PNG multipart, DICOM), masks equal the predictor's, the multipart field `model` choosing between two
// models, feature maps and the similarity query patch `?row=&col=`, a DICOM series to NIfTI in the series' LPS
// geometry with volumes that match the mask, models, OpenAPI, metrics, dynamic batching, queue-full 503 with client
// retries, bearer tokens and timeouts.
#include <QtTest/QtTest>

#include <QBuffer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <fstream>
#include <future>
#include <thread>

#include "dinolens/client/client.h"
#include "dinolens/core/dicom_scanner.h"
#include "dinolens/core/dicom_series_loader.h"
#include "dinolens/core/nifti_reader.h"
#include "dinolens/inference/backbone.h"
#include "dinolens/inference/model_folders.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/volume_segmentation.h"
#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

namespace {

QImage decodePng(const std::string& bytes)
{
    return QImage::fromData(reinterpret_cast<const uchar*>(bytes.data()), static_cast<int>(bytes.size()), "PNG");
}

QJsonObject jsonOf(const std::string& body)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(body)).object();
}

QImage pngOf(const QJsonValue& base64)
{
    const QByteArray bytes = QByteArray::fromBase64(base64.toString().toLatin1());
    return QImage::fromData(bytes, "PNG");
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

    void multipartModelFieldSelectsTheModel()
    {
        const auto demo = inference::demoModelFolder();
        if (!std::filesystem::exists(demo / "config.json")) {
            QSKIP("the demo model (models/demo) is missing");
        }
        server::ServerOptions options;
        options.models = { m_run, demo }; // the tiny run is the default
        std::string why;
        auto two = test::startServer(options, why);
        QVERIFY2(two, why.c_str());
        QTemporaryDir dir;
        const QString pngPath = dir.filePath("slice.png");
        QVERIFY(QImage(QString::fromStdString(test::firstValidationImage().string()))
                    .convertToFormat(QImage::Format_Grayscale8)
                    .save(pngPath));
        const std::string png = test::readBytes(pngPath.toStdString());
        const auto post = [&](const std::vector<test::Part>& extra) {
            std::vector<test::Part> parts = { { "image", "slice.png", "image/png", png } };
            parts.insert(parts.end(), extra.begin(), extra.end());
            const auto [body, type] = test::multipartBody(parts);
            return test::rawExchange(two->port(), test::httpRequest("POST", "/v1/segment", body, type));
        };
        const auto withoutField = post({});
        QCOMPARE(withoutField.status, 200);
        QCOMPARE(
            jsonOf(withoutField.body).value("model").toString(), QString::fromStdString(m_run.filename().string()));
        const auto chosen = post({ { "model", "", "", "demo" } });
        QVERIFY2(chosen.status == 200, chosen.body.c_str());
        const QJsonObject answer = jsonOf(chosen.body);
        QCOMPARE(answer.value("model").toString(), QString("demo"));
        // The demo model's own answer: the label map equals its predictor's mask on the same picture.
        auto predictor = inference::SegmentationPredictor::open(demo);
        QVERIFY(predictor.ok());
        auto expected = predictor->predictFile(pngPath.toStdString());
        QVERIFY(expected.ok());
        const QImage labels = pngOf(answer.value("label_png"));
        QCOMPARE(labels.width(), expected->mask.width());
        QCOMPARE(labels.height(), expected->mask.height());
        for (int y = 0; y < labels.height(); ++y) {
            for (int x = 0; x < labels.width(); ++x) {
                QCOMPARE(labels.constScanLine(y)[x], expected->mask.at(x, y));
            }
        }
        QCOMPARE(static_cast<float>(answer.value("tumour_probability").toDouble()), expected->tumorProbability);
        const auto unknown = post({ { "model", "", "", "no-such-model" } });
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.body.find("\"unknown_model\"") != std::string::npos);
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

    void similarityMapFollowsRowAndCol()
    {
        const std::string image = test::readBytes(test::firstValidationImage());
        const auto ask = [&](const std::string& query) {
            const auto answer = test::rawExchange(
                m_server->port(), test::httpRequest("POST", "/v1/segment?features=true" + query, image, "image/jpeg"));
            return answer.status == 200 ? jsonOf(answer.body).value("feature_maps").toObject() : QJsonObject();
        };
        const QJsonObject centre = ask("");
        const QJsonObject corner = ask("&row=0&col=3");
        QCOMPARE(centre.value("grid").toArray(), (QJsonArray { 4, 4 }));
        QCOMPARE(centre.value("similarity_query").toArray(), (QJsonArray { 2, 2 })); // default: the centre
        QCOMPARE(corner.value("similarity_query").toArray(), (QJsonArray { 0, 3 }));
        const QImage centreMap = pngOf(centre.value("similarity_png"));
        const QImage cornerMap = pngOf(corner.value("similarity_png"));
        QCOMPARE(cornerMap.size(), QSize(32, 32));
        QVERIFY(centreMap != cornerMap);
        // Each query patch is identical to itself (cosine 1): it has the same colour in its map as the centre has
        // in the centre's map. Patches are drawn 8 x 8 pixels.
        QCOMPARE(cornerMap.pixel(3 * 8 + 4, 0 * 8 + 4), centreMap.pixel(2 * 8 + 4, 2 * 8 + 4));
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

        // The series' LPS geometry, as core's series loader gives it (the NIfTI stores RAS in float).
        auto scan = core::scanDicom(test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY(scan.ok());
        auto series = core::loadDicomSeries(scan->studies.at(0).series.at(0));
        QVERIFY(series.ok());
        QCOMPARE(mask->dims, series->dims);
        for (std::size_t a = 0; a < 3; ++a) {
            QVERIFY2(std::abs(mask->spacing[a] - series->spacing[a]) < 1e-4, qPrintable(QString::number(a)));
            QVERIFY2(std::abs(mask->origin[a] - series->origin[a]) < 1e-3, qPrintable(QString::number(a)));
        }
        for (std::size_t e = 0; e < 9; ++e) {
            QVERIFY2(std::abs(mask->direction[e] - series->direction[e]) < 1e-5, qPrintable(QString::number(e)));
        }
        // Volumes: the voxels of each class in the mask times the voxel volume, in mm^3 and ml.
        std::array<long long, 4> voxels {};
        for (std::size_t i = 0; i < mask->voxelCount(); ++i) {
            ++voxels[static_cast<std::size_t>(std::clamp(static_cast<int>(mask->value(i)), 0, 3))];
        }
        const double voxelMm3 = series->spacing[0] * series->spacing[1] * series->spacing[2];
        const QJsonArray classes = jsonOf(result->json).value("classes").toArray();
        QCOMPARE(classes.size(), 3);
        for (const QJsonValue& entry : classes) {
            const QJsonObject c = entry.toObject();
            const auto id = static_cast<std::size_t>(c.value("id").toInt());
            QVERIFY(id >= 1 && id <= 3);
            QCOMPARE(c.value("voxels").toInteger(), voxels[id]);
            const double expected = static_cast<double>(voxels[id]) * voxelMm3;
            QVERIFY2(std::abs(c.value("volume_mm3").toDouble() - expected) <= 1e-3 * voxelMm3,
                qPrintable(QString("%1: %2 mm3, mask %3")
                               .arg(c.value("name").toString())
                               .arg(c.value("volume_mm3").toDouble())
                               .arg(expected)));
            QVERIFY(std::abs(c.value("volume_ml").toDouble() - expected / 1000.0) <= 1e-6 * voxelMm3);
            const auto named = std::find_if(result->volumesMm3.begin(), result->volumesMm3.end(),
                [&](const auto& pair) { return pair.first == c.value("name").toString().toStdString(); });
            QVERIFY(named != result->volumesMm3.end());
            QVERIFY(std::abs(named->second - expected) <= 1e-3 * voxelMm3);
        }
    }

    // A near-isotropic series is fused over its three planes by default, as `dinolens-cli segment` fuses it: the
    // server's answer (its slices pooled in the batching queue) equals inference::segmentVolume's on the same run.
    void seriesPlanesAsTheCommandLine()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(test::dataPath("dicom/series-dwi-sag48"))) {
            if (entry.path().extension() == ".dcm") {
                files.push_back(entry.path());
            }
        }
        auto scan = core::scanDicom(test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY(scan.ok());
        auto series = core::loadDicomSeries(scan->studies.at(0).series.at(0));
        QVERIFY(series.ok());
        QVERIFY(inference::suitsThreePlanes(*series));
        auto predictor = inference::SegmentationPredictor::open(m_run);
        QVERIFY(predictor.ok());
        const std::pair<const char*, inference::SlicePlanes> cases[]
            = { { "", inference::SlicePlanes::Auto }, { "acquired", inference::SlicePlanes::Acquired } };
        for (const auto& [query, planes] : cases) {
            auto answer = client().segmentSeries(files, {}, query);
            QVERIFY2(answer.ok(), answer.ok() ? "" : answer.error().toString().c_str());
            auto local = inference::segmentVolume(*predictor, *series, { .planes = planes });
            QVERIFY(local.ok());
            QCOMPARE(answer->planes, std::string(local->threePlanes ? "three" : "acquired"));
            QCOMPARE(local->threePlanes, planes == inference::SlicePlanes::Auto);
            QVERIFY2(std::abs(answer->tumorProbability - local->tumorProbability) < 1e-5,
                qPrintable(QString("%1 vs %2").arg(answer->tumorProbability).arg(local->tumorProbability)));
            QCOMPARE(answer->tumorPresent, local->tumorPresent);
            std::array<double, 4> voxels {};
            for (const uint8_t id : local->mask.labels) {
                ++voxels[std::min<size_t>(id, 3)];
            }
            const double voxelMm3 = series->spacing[0] * series->spacing[1] * series->spacing[2];
            for (const auto& [name, mm3] : answer->volumesMm3) {
                const int id = name == "glioma" ? 1 : name == "meningioma" ? 2 : 3;
                QVERIFY2(std::abs(mm3 - voxels[static_cast<size_t>(id)] * voxelMm3) <= 1e-3 * voxelMm3,
                    qPrintable(QString("%1 %2: %3 mm3, locally %4 voxels")
                                   .arg(query)
                                   .arg(QString::fromStdString(name))
                                   .arg(mm3)
                                   .arg(voxels[static_cast<size_t>(id)])));
            }
        }
        auto refused = client().segmentSeries(files, {}, "sideways");
        QVERIFY(!refused.ok());
        QCOMPARE(client::Client::lastStatus(), 400);
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
