// `dinolens-cli compare`, `evaluate --out` and `predict` as a user runs them: a tiny benchmark of two backbones
// on the real data (heads trained, then reused), its report, statistics and figures; evaluation figures; predicted
// masks as PNG and NIfTI with an overlay; and the errors for a bad model list.
#include <QImage>
#include <QProcess>
#include <QtTest/QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "test_data.h"

class TestCliCompare : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_CLI(m_cli);
        QVERIFY(m_dir.isValid());
    }

    void comparesTwoBackbones()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        // Model B: a DINOv3 architecture file (random weights), patch 8 instead of random-small's 16.
        const QString architecture = m_dir.filePath(QStringLiteral("tiny-p8.json"));
        std::ofstream(architecture.toStdString())
            << R"({"model_type": "dinov3_vit", "hidden_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2,
                  "intermediate_size": 128, "patch_size": 8, "num_register_tokens": 0})";
        const QString out = m_dir.filePath(QStringLiteral("compare"));
        const QStringList arguments = { QStringLiteral("compare"), QStringLiteral("--data"), data(),
            QStringLiteral("--models"), QStringLiteral("random-small"), architecture, QStringLiteral("--epochs"),
            QStringLiteral("1"), QStringLiteral("--resolution"), QStringLiteral("64"), QStringLiteral("--max-images"),
            QStringLiteral("24"), QStringLiteral("--eval-max-images"), QStringLiteral("30"),
            QStringLiteral("--bootstrap"), QStringLiteral("500"), QStringLiteral("--threads"), QStringLiteral("2"),
            QStringLiteral("--out"), out };
        QString output;
        QCOMPARE(run(arguments, &output), 0);
        QVERIFY2(output.contains(QStringLiteral("trained")), qPrintable(output));
        // Each head's epoch line carries its validation on the evaluation split (30 images by default here).
        QCOMPARE(output.count(QStringLiteral("; valid loss ")), 2);
        QVERIFY2(output.contains(QStringLiteral("(30 images,")), qPrintable(output));
        for (const char* file : { "report.md", "comparison.json", "dice_boxplot.png", "disagreements.png",
                 "runs/random-small/head.safetensors", "runs/tiny-p8/head.safetensors" }) {
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(file)), file);
        }
        std::ifstream jsonFile((out + QStringLiteral("/comparison.json")).toStdString());
        const nlohmann::json json = nlohmann::json::parse(jsonFile);
        QCOMPARE(json["models"].size(), size_t { 2 });
        QCOMPARE(json["models"][0]["name"].get<std::string>(), std::string("random-small"));
        const int paired = json["paired_images"].get<int>();
        QVERIFY(paired > 10 && paired <= 30);
        const auto& difference = json["difference_b_minus_a"];
        QVERIFY(difference["ci95_low"].get<double>() <= difference["mean"].get<double>());
        QVERIFY(difference["mean"].get<double>() <= difference["ci95_high"].get<double>());
        const double p = json["wilcoxon"]["p_value"].get<double>();
        QVERIFY(p >= 0.0 && p <= 1.0);
        QFile report(out + QStringLiteral("/report.md"));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(report.readAll());
        QVERIFY(markdown.contains(QStringLiteral("| random-small | trained |")));
        QVERIFY(markdown.contains(QStringLiteral("Wilcoxon signed-rank")));
        QVERIFY(!QImage(out + QStringLiteral("/disagreements.png")).isNull());

        // A second run reuses both heads instead of training again.
        QCOMPARE(run(arguments, &output), 0);
        QVERIFY2(output.contains(QStringLiteral("finished run reused")), qPrintable(output));
        m_run = out + QStringLiteral("/runs/random-small");
    }

    void evaluateWritesFigures()
    {
        if (m_run.isEmpty()) {
            QSKIP("needs the run trained by comparesTwoBackbones");
        }
        const QString out = m_dir.filePath(QStringLiteral("evaluation"));
        QString output;
        QCOMPARE(run({ QStringLiteral("evaluate"), QStringLiteral("--model"), m_run, QStringLiteral("--data"), data(),
                         QStringLiteral("--max-images"), QStringLiteral("20"), QStringLiteral("--out"), out },
                     &output),
            0);
        for (const char* file : { "metrics.json", "per_image.csv", "dice_per_class.png", "worst_cases.png" }) {
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(file)), file);
        }
        const QImage worst(out + QStringLiteral("/worst_cases.png"));
        QVERIFY(worst.height() > 2 * 256 && worst.width() > 4 * 256); // eight cases, four to a row
    }

    void predictWritesMasksAndOverlays()
    {
        if (m_run.isEmpty()) {
            QSKIP("needs the run trained by comparesTwoBackbones");
        }
        const QString image = QString::fromStdString(
            dinolens::test::dataPath("brain-tumor/valid/images/1000_jpg.rf.1b33b0fbb604a406f23217a48f37b5c9.jpg")
                .string());
        const QString out = m_dir.filePath(QStringLiteral("predicted"));
        QProcess process;
        process.start(
            m_cli, { QStringLiteral("predict"), QStringLiteral("--run"), m_run, QStringLiteral("--out"), out, image });
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 0);
        const nlohmann::json line = nlohmann::json::parse(process.readAllStandardOutput().trimmed().toStdString());
        for (const char* key : { "mask", "nifti", "overlay" }) {
            QVERIFY2(QFileInfo::exists(QString::fromStdString(line[key].get<std::string>())), key);
        }
        QVERIFY(line["area_mm2"].contains("glioma"));
        const QImage mask(QString::fromStdString(line["mask"].get<std::string>()));
        QCOMPARE(mask.size(), QImage(image).size());
    }

    void badModelListIsAUsageError()
    {
        QCOMPARE(run({ QStringLiteral("compare"), QStringLiteral("--data"), data(), QStringLiteral("--models"),
                     QStringLiteral("random-small"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x")) }),
            2);
        QString errors;
        QCOMPARE(
            run({ QStringLiteral("compare"), QStringLiteral("--data"), data(), QStringLiteral("--models"),
                    QStringLiteral("random-small"), QStringLiteral("/nonexistent/model"), QStringLiteral("--epochs"),
                    QStringLiteral("1"), QStringLiteral("--max-images"), QStringLiteral("8"),
                    QStringLiteral("--eval-max-images"), QStringLiteral("8"), QStringLiteral("--resolution"),
                    QStringLiteral("64"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("y")) },
                &errors),
            1);
        QVERIFY2(errors.contains(QStringLiteral("nonexistent")), qPrintable(errors));
    }

private:
    static QString data() { return QString::fromStdString(dinolens::test::dataPath("brain-tumor").string()); }

    int run(const QStringList& arguments, QString* text = nullptr)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(m_cli, arguments);
        if (!process.waitForFinished(300000)) {
            return -1;
        }
        if (text != nullptr) {
            *text = QString::fromUtf8(process.readAll());
        }
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    QString m_cli;
    QTemporaryDir m_dir;
    QString m_run;
};

QTEST_GUILESS_MAIN(TestCliCompare)
#include "tst_cli_compare.moc"
