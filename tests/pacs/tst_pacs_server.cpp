// POST /v1/segment/pacs against a real in-process server (a real tiny model) and the fixture's Orthanc: the server
// retrieves the series from a node of its own node file, answers the series answer, and with send_back stores the
// SEG into the study; requests that name an unknown node, or an address, reach nothing.
#include <QtTest/QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "dinolens/pacs/pacs_client.h"
#include "orthanc_test_server.h"
#include "server_test_support.h"
#include "test_data.h"

using namespace dinolens;

class TestPacsServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_ORTHANC(m_orthanc);
        DINOLENS_REQUIRE_DATA("brain-tumor");
        pacs::PacsNode web = m_orthanc.dicomWeb();
        web.name = "orthanc";
        pacs::PacsNode dimse = m_orthanc.dimse();
        dimse.name = "orthanc-dimse";
        const std::string nodesFile = m_dir.filePath("nodes.json").toStdString();
        std::ofstream(nodesFile) << pacs::pacsNodesToJson({ web, dimse }).dump();

        pacs::PacsQuery query;
        query.level = pacs::QueryLevel::Series;
        query.modality = "MR";
        const auto found = pacs::find(web, query);
        QVERIFY(found.ok() && !found->matches.empty());
        m_studyUid = found->matches.front().studyUid;
        m_seriesUid = found->matches.front().seriesUid;

        std::string why;
        const auto run = test::tinyRun(why);
        QVERIFY2(!run.empty(), why.c_str());
        server::ServerOptions options;
        options.models = { run };
        options.pacsNodesFile = nodesFile;
        m_server = test::startServer(options, why);
        QVERIFY2(m_server, why.c_str());
    }

    void cleanupTestCase()
    {
        if (m_server) {
            m_server->stop();
        }
    }

    void seriesIsRetrievedSegmentedAndSentBack_data()
    {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("method");
        QTest::newRow("DICOMweb") << "orthanc"
                                  << "STOW-RS";
        QTest::newRow("DIMSE") << "orthanc-dimse"
                               << "C-STORE";
    }

    void seriesIsRetrievedSegmentedAndSentBack()
    {
        QFETCH(QString, node);
        QFETCH(QString, method);
        const auto before = m_orthanc.seriesModalities(m_studyUid);
        const QJsonObject answer = post({ { "node", node.toStdString() }, { "study_uid", m_studyUid },
                                            { "series_uid", m_seriesUid }, { "send_back", true } },
            200);
        QCOMPARE(answer["series_uid"].toString().toStdString(), m_seriesUid);
        QCOMPARE(answer["dims"].toArray().size(), 3);
        QCOMPARE(answer["dims"].toArray()[2].toInt() * answer["dims"].toArray()[0].toInt() > 0, true);
        QVERIFY(!answer["mask_nifti_gz"].toString().isEmpty());
        QCOMPARE(answer["classes"].toArray().size(), 3);
        const QJsonObject sent = answer["sent"].toObject();
        qInfo("sent: %s", QJsonDocument(sent).toJson(QJsonDocument::Compact).constData());
        QCOMPARE(sent["node"].toString(), node);
        const auto after = m_orthanc.seriesModalities(m_studyUid);
        const auto segs = [](const std::vector<std::string>& modalities) {
            return std::count(modalities.begin(), modalities.end(), "SEG");
        };
        long long voxels = 0;
        for (const auto& entry : answer["classes"].toArray()) {
            voxels += entry.toObject()["voxels"].toInteger();
        }
        if (answer["tumour_present"].toBool() && voxels > 0) {
            QCOMPARE(sent["method"].toString(), method);
            QCOMPARE(sent["sop_instance_uids"].toArray().size(), 1);
            QCOMPARE(segs(after), segs(before) + 1);
        } else {
            // The tiny model found nothing in this series: nothing is sent, and the answer says so.
            QVERIFY(sent.contains("skipped"));
            QCOMPARE(segs(after), segs(before));
        }
    }

    void requestsReachOnlyConfiguredNodes()
    {
        const QJsonObject unknown
            = post({ { "node", "elsewhere" }, { "study_uid", m_studyUid }, { "series_uid", m_seriesUid } }, 404);
        QCOMPARE(unknown["error"].toObject()["code"].toString(), QString("unknown_node"));
        const std::string address = m_orthanc.restUrl() + "/dicom-web";
        const QJsonObject byAddress
            = post({ { "node", address }, { "study_uid", m_studyUid }, { "series_uid", m_seriesUid } }, 404);
        QCOMPARE(byAddress["error"].toObject()["code"].toString(), QString("unknown_node"));
        post({ { "node", "orthanc" }, { "study_uid", "../../etc" }, { "series_uid", m_seriesUid } }, 400);
        post({ { "node", "orthanc" } }, 400);
        const QJsonObject missing
            = post({ { "node", "orthanc" }, { "study_uid", m_studyUid }, { "series_uid", "1.2.3.4" } }, 404);
        QVERIFY(!missing["error"].toObject()["message"].toString().isEmpty());
    }

    void openApiDescribesTheRoute()
    {
        const auto answer = test::rawExchange(m_server->port(), test::httpRequest("GET", "/openapi.json"));
        const QJsonObject paths
            = QJsonDocument::fromJson(QByteArray::fromStdString(answer.body)).object().value("paths").toObject();
        QVERIFY(paths.contains("/v1/segment/pacs"));
    }

private:
    QJsonObject post(const nlohmann::json& body, int status) const
    {
        const auto answer = test::rawExchange(m_server->port(),
            test::httpRequest("POST", "/v1/segment/pacs", body.dump(), "application/json"), std::chrono::minutes(5));
        const QJsonObject json = QJsonDocument::fromJson(QByteArray::fromStdString(answer.body)).object();
        if (answer.status != status) {
            qWarning("HTTP %d: %s", answer.status, answer.body.substr(0, 300).c_str());
        }
        [&] { QCOMPARE(answer.status, status); }();
        return json;
    }

    test::OrthancServer m_orthanc;
    QTemporaryDir m_dir;
    std::string m_studyUid;
    std::string m_seriesUid;
    std::unique_ptr<server::Server> m_server;
};

QTEST_GUILESS_MAIN(TestPacsServer)
#include "tst_pacs_server.moc"
