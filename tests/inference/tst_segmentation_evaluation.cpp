// Evaluation of a trained run checked against core's metric functions, and the CLI's metrics.json, per-image CSV
// and predict output.
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "dinolens/core/hausdorff_distance.h"
#include "dinolens/inference/segmentation_evaluation.h"
#include "dinolens/inference/trainer.h"
#include "dinolens/inference/tumor_detection.h"
#include "training_fixtures.h"

using namespace dinolens;
using namespace dinolens::inference;

class TestSegmentationEvaluation : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_folder;
    std::filesystem::path m_run;
    static constexpr int kImages = 6;

private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        m_run = std::filesystem::path(m_folder.path().toStdString()) / "run";
        auto summary = trainSegmentationHead(test::tinyTrainingConfig(16, 64, 1), m_run);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
    }

    void matchesCoreMetrics()
    {
        auto predictor = SegmentationPredictor::open(m_run, { .threads = 2 });
        QVERIFY(predictor.ok());
        auto report = evaluateSegmentation(
            *predictor, { .dataRoots = { test::dataPath("brain-tumor") }, .split = "valid", .maxImages = kImages });
        QVERIFY(report.ok());
        QCOMPARE(report->images.size(), size_t { kImages });
        const auto split = core::listTumorSplit(test::dataPath("brain-tumor"), "valid");
        std::vector<double> labelled;
        for (size_t i = 0; i < report->images.size(); ++i) {
            const core::TumorSample& sample = split->samples[i];
            auto predicted = predictor->predictFile(sample.imagePath);
            QVERIFY(predicted.ok());
            QCOMPARE(predicted->mask.width(), 640);
            auto label = core::readPolygonLabel(*sample.labelPath);
            auto truth = core::rasterizePolygons(label->polygons, predicted->mask.width(), predicted->mask.height());
            const auto overlap = core::perClassOverlap(*truth, predicted->mask);
            const ImageEvaluation& image = report->images[i];
            QCOMPARE(image.stem, sample.stem);
            QCOMPARE(image.truthClass, core::dominantTumorClass(*truth));
            for (size_t c = 0; c < 4; ++c) {
                QCOMPARE(image.perClass[c].dice, (*overlap)[c].dice);
                QCOMPARE(image.perClass[c].iou, (*overlap)[c].iou);
            }
            QCOMPARE(image.tumor.dice, core::tumorOverlap(*truth, predicted->mask)->dice);
            const auto distance = core::hausdorffDistance(*truth, predicted->mask);
            if (distance->status == core::SurfaceDistanceStatus::Defined) {
                QCOMPARE(image.hd95, distance->hd95Mm);
            }
            if (image.truthClass > 0) {
                labelled.push_back((*overlap)[static_cast<size_t>(image.truthClass)].dice);
            }
        }
        const core::MetricSummary expected = core::summarizeMetric(labelled);
        QCOMPARE(report->dice.count, expected.count);
        QCOMPARE(report->dice.mean, expected.mean);
        QCOMPARE(report->confusion.total(), kImages);
    }

    // Every dataset is opened before any image is scored: a bad dataset named last fails at once, not after the
    // minutes of scoring the good ones.
    void badDatasetNamedLastFailsBeforeScoring()
    {
        auto predictor = SegmentationPredictor::open(m_run, { .threads = 2 });
        QVERIFY(predictor.ok());
        const std::filesystem::path missing = std::filesystem::path(m_folder.path().toStdString()) / "no-such-set";
        int scored = 0;
        auto report = evaluateSegmentation(*predictor,
            { .dataRoots = { test::dataPath("brain-tumor"), missing },
                .split = "valid",
                .maxImages = kImages,
                .progress = [&scored](long long, long long, const std::string&) { ++scored; } });
        QVERIFY(!report.ok());
        QVERIFY2(report.error().toString().find("no-such-set") != std::string::npos, report.error().toString().c_str());
        QCOMPARE(scored, 0);
    }

    void calibrationOnImagesWithAndWithoutTumour();

    void cliWritesMetricsAndMasks()
    {
        const QString cli = qEnvironmentVariable("DINOLENS_CLI");
        if (cli.isEmpty()) {
            QSKIP("DINOLENS_CLI (path of dinolens-cli) is not set; run through ctest");
        }
        const std::filesystem::path out = std::filesystem::path(m_folder.path().toStdString()) / "eval";
        QProcess evaluate;
        evaluate.start(cli,
            { "evaluate", "--run", QString::fromStdString(m_run.string()), "--data",
                QString::fromStdString(test::dataPath("brain-tumor").string()), "--split", "valid", "--max-images",
                QString::number(kImages), "--out", QString::fromStdString(out.string()) });
        QVERIFY(evaluate.waitForFinished(120000));
        QVERIFY2(evaluate.exitCode() == 0, evaluate.readAllStandardError().constData());
        std::ifstream stream(out / "metrics.json");
        const nlohmann::json metrics = nlohmann::json::parse(stream);
        QVERIFY(metrics.at("dice").contains("mean") && metrics.at("dice").contains("std"));
        QVERIFY(metrics.at("dice").at("n").get<int>() > 0);
        QVERIFY(metrics.at("per_class").contains("glioma"));
        QVERIFY(std::filesystem::exists(out / "per_image.csv"));

        const auto split = core::listTumorSplit(test::dataPath("brain-tumor"), "valid");
        QProcess predict;
        predict.start(cli,
            { "predict", "--run", QString::fromStdString(m_run.string()), "--out", QString::fromStdString(out.string()),
                QString::fromStdString(split->samples.front().imagePath.string()) });
        QVERIFY(predict.waitForFinished(60000));
        QVERIFY2(predict.exitCode() == 0, predict.readAllStandardError().constData());
        const nlohmann::json line = nlohmann::json::parse(predict.readAllStandardOutput().toStdString());
        QVERIFY(line.at("area_px").contains("pituitary"));
        QVERIFY(line.at("tumour_present").is_boolean());
        const double probability = line.at("tumour_probability").get<double>();
        QVERIFY(probability >= 0.0 && probability <= 1.0);
        if (!line.at("tumour_present").get<bool>()) { // a negative answer ships no mask
            for (const auto& [name, area] : line.at("area_px").items()) {
                QCOMPARE(area.get<long long>(), 0LL);
            }
        }
        QVERIFY(std::filesystem::exists(out / (split->samples.front().stem + "_mask.png")));
    }
};

void TestSegmentationEvaluation::calibrationOnImagesWithAndWithoutTumour()
{
    DINOLENS_REQUIRE_DATA("brain-no-tumor");
    QString cli;
    DINOLENS_REQUIRE_CLI(cli);
    // Two datasets: three tumour images and three without tumour (empty label files).
    const std::filesystem::path tumours = std::filesystem::path(m_folder.path().toStdString()) / "tumours";
    const std::filesystem::path healthy = std::filesystem::path(m_folder.path().toStdString()) / "healthy";
    test::copyRealSamples(tumours, 3, "valid");
    const auto negatives = core::listTumorSplit(test::dataPath("brain-no-tumor"), "valid");
    std::filesystem::create_directories(healthy / "valid" / "images");
    std::filesystem::create_directories(healthy / "valid" / "labels");
    for (size_t i = 0; i < 3; ++i) {
        const core::TumorSample& sample = negatives->samples.at(i);
        std::filesystem::copy_file(sample.imagePath, healthy / "valid" / "images" / sample.imagePath.filename());
        std::filesystem::copy_file(*sample.labelPath, healthy / "valid" / "labels" / sample.labelPath->filename());
    }
    const std::filesystem::path out = std::filesystem::path(m_folder.path().toStdString()) / "calibrated";
    QProcess evaluate;
    evaluate.start(cli,
        { "evaluate", "--run", QString::fromStdString(m_run.string()), "--data",
            QString::fromStdString(tumours.string()), "--data", QString::fromStdString(healthy.string()), "--split",
            "valid", "--calibrate", "--out", QString::fromStdString(out.string()) });
    QVERIFY(evaluate.waitForFinished(120000));
    QVERIFY2(evaluate.exitCode() == 0, evaluate.readAllStandardError().constData());
    QVERIFY(evaluate.readAllStandardOutput().contains("specificity"));
    std::ifstream stream(out / "metrics.json");
    const nlohmann::json metrics = nlohmann::json::parse(stream);
    const nlohmann::json& detection = metrics.at("detection");
    QCOMPARE(detection.at("n_positive").get<int>(), 3);
    QCOMPARE(detection.at("n_negative").get<int>(), 3);
    QCOMPARE(metrics.at("dice").at("n").get<int>(), 3); // Dice only over the images with a tumour
    QVERIFY(metrics.at("false_positive_area").at("fraction_of_image").at("n").get<int>() == 3);
    auto stored = inference::readDetectionSettings(m_run);
    QVERIFY(stored.ok() && stored->calibrated);
    QCOMPARE(detection.at("threshold").get<double>(), stored->threshold);
    // Calibrated on these six images: Youden's J is at least that of calling every image positive.
    const double sensitivity = detection.at("sensitivity").get<double>();
    const double specificity = detection.at("specificity").get<double>();
    QVERIFY(sensitivity + specificity >= 1.0);
}

QTEST_GUILESS_MAIN(TestSegmentationEvaluation)
#include "tst_segmentation_evaluation.moc"
