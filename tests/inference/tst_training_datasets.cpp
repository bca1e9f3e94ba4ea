// Training on several datasets at once: an empty YOLO label file is an image without tumour, weights scale how
// often a dataset's images are drawn, a volume datalist contributes its slices, and the detection threshold is
// calibrated on the validation images, stored in the run folder and used by every prediction.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>

#include "dinolens/core/tumor_dataset.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/trainer.h"
#include "dinolens/inference/tumor_detection.h"
#include "training_fixtures.h"

using namespace dinolens;

namespace {

// Copies the first `count` images of brain-no-tumor's `split` into <root>/<split> with the dataset's empty labels.
void copyNegatives(const std::filesystem::path& root, int count, const std::string& split)
{
    const auto samples = core::listTumorSplit(test::dataPath("brain-no-tumor"), split);
    QVERIFY(samples.ok());
    std::filesystem::create_directories(root / split / "images");
    std::filesystem::create_directories(root / split / "labels");
    for (int i = 0; i < count; ++i) {
        const core::TumorSample& sample = samples->samples.at(static_cast<size_t>(i));
        QVERIFY(sample.labelPath.has_value());
        QCOMPARE(std::filesystem::file_size(*sample.labelPath), std::uintmax_t { 0 });
        std::filesystem::copy_file(sample.imagePath, root / split / "images" / sample.imagePath.filename());
        std::filesystem::copy_file(*sample.labelPath, root / split / "labels" / sample.labelPath->filename());
    }
}

inference::TrainingConfig twoDatasetConfig(const std::filesystem::path& tumours, const std::filesystem::path& healthy)
{
    inference::TrainingConfig config = test::tinyTrainingConfig(0, 64, 1);
    config.datasets = { { tumours, 1.0 }, { healthy, 1.0 } };
    config.batchSize = 1;
    config.validMaxImages = 0;
    return config;
}

} // namespace

class TestTrainingDatasets : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path m_tumours;
    std::filesystem::path m_healthy;

private slots:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor");
        DINOLENS_REQUIRE_DATA("brain-no-tumor");
        QVERIFY(m_dir.isValid());
        m_tumours = std::filesystem::path(m_dir.path().toStdString()) / "tumours";
        m_healthy = std::filesystem::path(m_dir.path().toStdString()) / "healthy";
        test::copyRealSamples(m_tumours, 3, "train");
        test::copyRealSamples(m_tumours, 3, "valid");
        copyNegatives(m_healthy, 2, "train");
        copyNegatives(m_healthy, 3, "valid");
    }

    void emptyLabelFilesAreImagesWithoutTumour()
    {
        const auto run = std::filesystem::path(m_dir.path().toStdString()) / "run-joined";
        auto summary = inference::trainSegmentationHead(twoDatasetConfig(m_tumours, m_healthy), run, false);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->data.images, 5);
        QCOMPARE(summary->data.imagesWithoutTumour, 2);
        QCOMPARE(summary->data.invalidLabels, 0);
        QCOMPARE(summary->data.missingLabels, 0);
        QCOMPARE(summary->validationData.images, 6);
        QCOMPARE(summary->validationData.imagesWithoutTumour, 3);
    }

    void weightsScaleHowOftenADatasetIsDrawn()
    {
        inference::TrainingConfig config = twoDatasetConfig(m_tumours, m_healthy);
        config.datasets[1].weight = 2.0; // 3 + 2 x 2 = 7 draws, batch 1
        config.validSplit.clear();
        int steps = 0;
        inference::TrainingCallbacks callbacks;
        callbacks.onStep = [&steps](const inference::TrainingStepMetrics& step) { steps = step.stepsPerEpoch; };
        const auto run = std::filesystem::path(m_dir.path().toStdString()) / "run-weighted";
        auto summary = inference::trainSegmentationHead(config, run, false, callbacks);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(steps, 7);
        config.datasets[0].weight = 0.5; // round(1.5) = 2 of the tumour images, a fresh draw per epoch
        auto half = inference::trainSegmentationHead(
            config, std::filesystem::path(m_dir.path().toStdString()) / "run-half", false, callbacks);
        QVERIFY(half.ok());
        QCOMPARE(steps, 6);
        config.datasets[0].weight = 0.0;
        QVERIFY(!inference::trainSegmentationHead(
            config, std::filesystem::path(m_dir.path().toStdString()) / "run-zero", false)
                .ok());
    }

    void volumeDatalistSlicesAreSamples()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/01");
        const auto base = test::dataPath("nifti/brain-tumor-progression/01");
        const auto list = std::filesystem::path(m_dir.path().toStdString()) / "volumes.json";
        test::writeFile(list,
            "{\"labels\": {\"0\": \"background\", \"1\": \"glioma\"}, \"training\": [{\"image\": \""
                + (base / "Post_Scan_T1.nii.gz").string() + "\", \"label\": \""
                + (base / "Post_Mask.nii.gz").string() + "\"}]}");
        inference::TrainingConfig config = twoDatasetConfig(m_tumours, list);
        config.validSplit.clear();
        auto summary = inference::trainSegmentationHead(
            config, std::filesystem::path(m_dir.path().toStdString()) / "run-volume", false);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->data.images, 3 + 24); // every slice of the 24-slice volume
        QVERIFY(summary->data.imagesWithoutTumour > 0); // the volume's slices outside the tumour
        QVERIFY(summary->data.imagesWithoutTumour < 24);
        QVERIFY(summary->data.pixelCounts[1] > 0);
    }

    void calibratedThresholdIsStoredAndUsed()
    {
        const auto run = std::filesystem::path(m_dir.path().toStdString()) / "run-joined";
        auto stored = inference::readDetectionSettings(run);
        QVERIFY(stored.ok());
        QVERIFY(stored->calibrated);
        QVERIFY(stored->threshold >= 0.0 && stored->threshold <= 1.0);
        QCOMPARE(stored->validation.positives, 3);
        QCOMPARE(stored->validation.negatives, 3);
        QVERIFY(QString::fromStdString(stored->calibratedOn).contains("6 images"));

        auto predictor = inference::SegmentationPredictor::open(run, 2);
        QVERIFY(predictor.ok());
        QCOMPARE(predictor->detection().threshold, stored->threshold);
        const std::vector<uint8_t> grey(96 * 80, 120);
        // Threshold 0: every slice is called positive; threshold 1: none is, and its mask is empty.
        inference::DetectionSettings always = *stored;
        always.threshold = 0.0;
        QVERIFY(inference::writeDetectionSettings(run, always).ok());
        auto reopened = inference::SegmentationPredictor::open(run, 2);
        QVERIFY(reopened.ok());
        auto positive = reopened->predict(grey.data(), 96, 80);
        QVERIFY(positive.ok());
        QVERIFY(positive->tumorPresent);
        inference::DetectionSettings never = *stored;
        never.threshold = 1.0;
        reopened->setDetection(never);
        auto negative = reopened->predict(grey.data(), 96, 80);
        QVERIFY(negative.ok());
        QVERIFY(!negative->tumorPresent);
        QCOMPARE(negative->tumorProbability, positive->tumorProbability);
        QVERIFY(std::all_of(negative->mask.labels.begin(), negative->mask.labels.end(), [](uint8_t id) { return id == 0; }));
        // A damaged detection file is an error, not a silent default.
        test::writeFile(run / inference::kDetectionFile, "{\"threshold\": \"high\"}");
        QVERIFY(!inference::SegmentationPredictor::open(run, 2).ok());
    }
};

QTEST_GUILESS_MAIN(TestTrainingDatasets)
#include "tst_training_datasets.moc"
