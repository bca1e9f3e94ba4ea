// The shipped demo model (models/demo) as users meet it: `dinolens-cli evaluate --model demo` on the whole
// validation splits of the tumour set and of the set without tumour reproduces the figures of its model card
// (models/demo/evaluation/metrics.json: Dice on the tumour images, detection on all), and
// `dinolens-server` without --model serves it.
#include <QProcess>
#include <QtTest/QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "dinolens/inference/model_folders.h"
#include "server_test_support.h"
#include "test_data.h"

class TestDemoModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_demo = dinolens::inference::demoModelFolder();
        QVERIFY2(std::filesystem::exists(m_demo / "config.json"),
            qPrintable(QStringLiteral("the demo model is missing: ") + QString::fromStdString(m_demo.string())));
        DINOLENS_REQUIRE_CLI(m_cli);
    }

    void isSmallAndTrainedItsBackbone()
    {
        QVERIFY(std::filesystem::exists(m_demo / "backbone" / "model.safetensors"));
        QVERIFY(std::filesystem::exists(m_demo / "README.md")); // the model card
        std::uintmax_t bytes = 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(m_demo)) {
            if (entry.is_regular_file() && entry.path().extension() == ".safetensors") {
                bytes += entry.file_size();
            }
        }
        QVERIFY2(bytes < 10u * 1024u * 1024u, qPrintable(QString::number(bytes)));
    }

    void evaluationReproducesTheModelCard()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        DINOLENS_REQUIRE_DATA("brain-no-tumor/valid");
        QTemporaryDir out;
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_cli,
            { QStringLiteral("evaluate"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--data"),
                QString::fromStdString(dinolens::test::dataPath("brain-tumor").string()), QStringLiteral("--data"),
                QString::fromStdString(dinolens::test::dataPath("brain-no-tumor").string()), QStringLiteral("--split"),
                QStringLiteral("valid"), QStringLiteral("--out"), out.path() });
        QVERIFY(process.waitForFinished(600000));
        QVERIFY2(process.exitCode() == 0, process.readAll().constData());
        std::ifstream measuredFile((out.path() + QStringLiteral("/metrics.json")).toStdString());
        std::ifstream cardFile(m_demo / "evaluation" / "metrics.json");
        const nlohmann::json measured = nlohmann::json::parse(measuredFile);
        const nlohmann::json card = nlohmann::json::parse(cardFile);
        QCOMPARE(measured["dice"]["n"].get<int>(), card["dice"]["n"].get<int>());
        const double dice = measured["dice"]["mean"].get<double>();
        // The same weights and images: only the last bits of float sums may differ between machines.
        QVERIFY2(std::abs(dice - card["dice"]["mean"].get<double>()) < 1e-3, qPrintable(QString::number(dice)));
        QVERIFY(dice > 0.3); // far above an untrained network (about 0.05 here)
        // Detection with the threshold the model ships (detection.json), on images with and without tumour.
        QVERIFY(std::filesystem::exists(m_demo / "detection.json"));
        const nlohmann::json& detection = measured["detection"];
        QCOMPARE(detection["n_positive"].get<int>(), card["detection"]["n_positive"].get<int>());
        QCOMPARE(detection["n_negative"].get<int>(), card["detection"]["n_negative"].get<int>());
        QVERIFY(detection["n_negative"].get<int>() > 0);
        for (const char* figure : { "sensitivity", "specificity", "auc" }) {
            QVERIFY2(
                std::abs(detection[figure].get<double>() - card["detection"][figure].get<double>()) < 2e-3, figure);
        }
    }

    void serverServesItByDefault()
    {
        const QString server = qEnvironmentVariable("DINOLENS_SERVER");
        if (server.isEmpty()) {
            QSKIP("DINOLENS_SERVER does not name the built dinolens-server");
        }
        QProcess process;
        process.start(server,
            { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--threads"), QStringLiteral("1") });
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 30000);
        const int port = QString::fromUtf8(process.readLine()).trimmed().section(QLatin1Char(' '), -1).toInt();
        QVERIFY(port > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            dinolens::test::rawExchange(port, dinolens::test::httpRequest("GET", "/v1/health/ready")).status, 200,
            60000);
        const nlohmann::json models = nlohmann::json::parse(
            dinolens::test::rawExchange(port, dinolens::test::httpRequest("GET", "/v1/models")).body);
        QVERIFY2(models.dump().find("\"demo\"") != std::string::npos, models.dump().c_str());
        process.terminate();
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
    }

private:
    std::filesystem::path m_demo;
    QString m_cli;
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demo_model.moc"
