// Datalists of volumes on the command line: `evaluate` scores each case in 3-D (metrics.json keeps
// {"dice": {"mean", "std", "n"}} with n the number of cases, per_case.csv, worst_cases.png), a datalist error names
// the entry, `train` runs on the slices of a volume datalist, and `compare` pairs two models case by case. The tests
// write their datalists into a temporary folder; the data folder is read-only.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "test_data.h"

class TestCliEvaluateVolumes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_CLI(m_cli);
        QVERIFY(m_dir.isValid());
    }

    void evaluatesEachCaseIn3d()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/04");
        const QString list = writeDatalist("cases.json", { "04/Pre", "04/Post" });
        const QString out = m_dir.filePath(QStringLiteral("evaluation"));
        QCOMPARE(run({ QStringLiteral("evaluate"), QStringLiteral("--model"), QStringLiteral("demo"),
                     QStringLiteral("--data"), list, QStringLiteral("--split"), QStringLiteral("valid"),
                     QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"), out }),
            0);
        QVERIFY2(m_stdout.contains(QStringLiteral("2 cases")), qPrintable(m_stdout));
        QFile metrics(out + QStringLiteral("/metrics.json"));
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(metrics.readAll()).object();
        const QJsonObject dice = json.value(QStringLiteral("dice")).toObject();
        QVERIFY(dice.contains(QStringLiteral("mean")) && dice.contains(QStringLiteral("std")));
        QCOMPARE(dice.value(QStringLiteral("n")).toInt(), 2); // cases, not slices
        const double mean = dice.value(QStringLiteral("mean")).toDouble(-1.0);
        QVERIFY(mean >= 0.0 && mean <= 1.0);
        QCOMPARE(json.value(QStringLiteral("hd95_mm")).toObject().value(QStringLiteral("n")).toInt() <= 2, true);
        QVERIFY(json.contains(QStringLiteral("volume_difference_ml")));
        QCOMPARE(json.value(QStringLiteral("detection")).toObject().value(QStringLiteral("n_positive")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("scored_in")).toString(), QStringLiteral("3d"));
        QFile csv(out + QStringLiteral("/per_case.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().trimmed().split('\n').size(), 3);
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/worst_cases.png")));
    }

    void datalistErrorNamesTheEntry()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/04");
        const QString list = writeDatalist("broken.json", { "04/Pre", "04/Missing" });
        QCOMPARE(run({ QStringLiteral("evaluate"), QStringLiteral("--model"), QStringLiteral("demo"),
                     QStringLiteral("--data"), list, QStringLiteral("--split"), QStringLiteral("valid") }),
            1);
        QVERIFY2(m_stderr.contains(QStringLiteral("broken.json validation[1]")), qPrintable(m_stderr));
        QVERIFY2(m_stderr.contains(QStringLiteral("Missing_Scan_T1.nii.gz")), qPrintable(m_stderr));
    }

    void trainsOnAVolumeDatalist()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/03");
        const QString list = writeDatalist("train.json", { "03/Pre" }, { "04/Pre" });
        const QString out = m_dir.filePath(QStringLiteral("run"));
        QCOMPARE(run({ QStringLiteral("train"), QStringLiteral("--data"), list, QStringLiteral("--base-model"),
                     QStringLiteral("random-small"), QStringLiteral("--epochs"), QStringLiteral("1"),
                     QStringLiteral("--resolution"), QStringLiteral("64"), QStringLiteral("--threads"),
                     QStringLiteral("2"), QStringLiteral("--out"), out }),
            0);
        QVERIFY2(QFileInfo::exists(out + QStringLiteral("/head.safetensors")), qPrintable(m_stderr));
        // Every slice of the 24-slice volumes, with and without tumour, trains and validates.
        QVERIFY2(m_stdout.contains(QStringLiteral("24 images used (18 without tumour")), qPrintable(m_stdout));
        QVERIFY2(m_stdout.contains(QStringLiteral("24 validation images")), qPrintable(m_stdout));
    }

    void comparesTwoModelsCaseByCase()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/04");
        const QString list = writeDatalist("compare.json", { "04/Pre", "04/Post" }, { "03/Pre" });
        const QString out = m_dir.filePath(QStringLiteral("compare"));
        QCOMPARE(run({ QStringLiteral("compare"), QStringLiteral("--data"), list, QStringLiteral("--models"),
                     QStringLiteral("demo"), QStringLiteral("random-small"), QStringLiteral("--epochs"),
                     QStringLiteral("1"), QStringLiteral("--resolution"), QStringLiteral("64"),
                     QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"), out }),
            0);
        std::ifstream file((out + QStringLiteral("/comparison.json")).toStdString());
        const nlohmann::json json = nlohmann::json::parse(file);
        QCOMPARE(json["paired_images"].get<int>(), 2); // the two cases, each scored in 3-D
        QCOMPARE(json["models"][0]["dice"]["n"].get<int>(), 2);
        QCOMPARE(json["models"][1]["dice"]["n"].get<int>(), 2);
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/report.md")));
    }

private:
    // A datalist of Brain-Tumor-Progression cases ("04/Pre": 04/Pre_Scan_T1 with 04/Pre_Mask), absolute paths.
    QString writeDatalist(const char* name, std::initializer_list<const char*> validation,
        std::initializer_list<const char*> training = {})
    {
        const std::string root = dinolens::test::dataPath("nifti/brain-tumor-progression").string();
        const auto entries = [&](std::initializer_list<const char*> cases) {
            nlohmann::json list = nlohmann::json::array();
            for (const char* c : cases) {
                const std::string id(c);
                const std::string stem = root + "/" + id.substr(0, 2) + "/" + id.substr(3);
                list.push_back({ { "image", stem + "_Scan_T1.nii.gz" }, { "label", stem + "_Mask.nii.gz" } });
            }
            return list;
        };
        const nlohmann::json datalist = { { "labels", { { "0", "background" }, { "1", "glioma" } } },
            { "training", entries(training) }, { "validation", entries(validation) } };
        const QString path = m_dir.filePath(QString::fromLatin1(name));
        std::ofstream(path.toStdString()) << datalist.dump(2);
        return path;
    }

    int run(const QStringList& arguments)
    {
        QProcess process;
        process.start(m_cli, arguments);
        if (!process.waitForFinished(600000)) {
            return -1;
        }
        m_stdout = QString::fromUtf8(process.readAllStandardOutput());
        m_stderr = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    }

    QString m_cli;
    QTemporaryDir m_dir;
    QString m_stdout;
    QString m_stderr;
};

QTEST_GUILESS_MAIN(TestCliEvaluateVolumes)
#include "tst_cli_evaluate_volumes.moc"
