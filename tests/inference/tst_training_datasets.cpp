// Training on several datasets at once: an empty YOLO label file is an image without tumour, weights scale how
// often a dataset's images are drawn, a volume datalist contributes its slices, and the detection threshold is
// calibrated on the validation images, stored in the run folder and used by every prediction.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>

#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/tumor_dataset.h"
#include "dinolens/inference/segmentation_predictor.h"
#include "dinolens/inference/trainer.h"
#include "dinolens/inference/tumor_detection.h"
#include "training_data.h"
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

private Q_SLOTS:
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
        auto summary = inference::trainSegmentationHead(twoDatasetConfig(m_tumours, m_healthy), run);
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
        auto summary = inference::trainSegmentationHead(config, run, { .callbacks = callbacks });
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(steps, 7);
        config.datasets[0].weight = 0.5; // round(1.5) = 2 of the tumour images, a fresh draw per epoch
        auto half = inference::trainSegmentationHead(
            config, std::filesystem::path(m_dir.path().toStdString()) / "run-half", { .callbacks = callbacks });
        QVERIFY(half.ok());
        QCOMPARE(steps, 6);
        config.datasets[0].weight = 0.0;
        QVERIFY(
            !inference::trainSegmentationHead(config, std::filesystem::path(m_dir.path().toStdString()) / "run-zero")
                 .ok());
    }

    void volumeDatalistSlicesAreSamples()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression/01");
        const auto base = test::dataPath("nifti/brain-tumor-progression/01");
        const auto list = std::filesystem::path(m_dir.path().toStdString()) / "volumes.json";
        test::writeFile(list,
            "{\"labels\": {\"0\": \"background\", \"1\": \"glioma\"}, \"training\": [{\"image\": \""
                + (base / "Post_Scan_T1.nii.gz").string() + "\", \"label\": \"" + (base / "Post_Mask.nii.gz").string()
                + "\"}]}");
        inference::TrainingConfig config = twoDatasetConfig(m_tumours, list);
        config.validSplit.clear();
        auto summary = inference::trainSegmentationHead(
            config, std::filesystem::path(m_dir.path().toStdString()) / "run-volume");
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->data.images, 3 + 24); // every slice of the 24-slice volume
        QVERIFY(summary->data.imagesWithoutTumour > 0); // the volume's slices outside the tumour
        QVERIFY(summary->data.imagesWithoutTumour < 24);
        QVERIFY(summary->data.pixelCounts[1] > 0);
    }

    void reformattedPlanesKeepTheirPhysicalAspect()
    {
        // A 40 x 40 x 6 volume of 1 x 1 x 4 mm voxels (a field of 40 x 40 x 24 mm) holding a 16 mm cube: columns and
        // rows 12-27, slices 1-4.
        const auto folder = std::filesystem::path(m_dir.path().toStdString()) / "anisotropic";
        std::filesystem::create_directories(folder);
        core::LabelMask image = core::LabelMask::zeros(40, 40, 6);
        image.spacing = { 1.0, 1.0, 4.0 };
        core::LabelMask label = image;
        for (int k = 0; k < 6; ++k) {
            for (int j = 0; j < 40; ++j) {
                for (int i = 0; i < 40; ++i) {
                    const size_t at = static_cast<size_t>(i + 40 * (j + 40 * k));
                    const bool lesion = i >= 12 && i < 28 && j >= 12 && j < 28 && k >= 1 && k < 5;
                    image.labels[at] = lesion ? 200 : 80;
                    label.labels[at] = lesion ? 1 : 0;
                }
            }
        }
        QVERIFY(core::writeNiftiLabelMask(folder / "image.nii.gz", image).ok());
        QVERIFY(core::writeNiftiLabelMask(folder / "label.nii.gz", label).ok());
        test::writeFile(folder / "list.json",
            R"({"labels": {"0": "background", "1": "glioma"}, "training": [{"image": "image.nii.gz",)"
            R"( "label": "label.nii.gz"}]})");
        inference::TrainingConfig config;
        config.datasets = { { folder / "list.json", 1.0 } };
        config.resolution = 64;
        auto acquired = inference::detail::loadTrainingData(config, {}, {});
        QVERIFY2(acquired.ok(), acquired.ok() ? "" : acquired.error().toString().c_str());
        QCOMPARE(acquired->samples.size(), size_t { 6 });
        config.slicePlanes = "all";
        auto all = inference::detail::loadTrainingData(config, {}, {});
        QVERIFY2(all.ok(), all.ok() ? "" : all.error().toString().c_str());
        QCOMPARE(all->samples.size(), size_t { 6 + 40 + 40 });
        QCOMPARE(all->samples[0].stem, acquired->samples[0].stem); // the acquired slices come first, unchanged
        QCOMPARE(all->samples[0].mask, acquired->samples[0].mask);
        // Through the cube's middle along j and along i: the cube is square (16 x 16 mm, 25.6 px at 64 px for the
        // 40 mm side); stretching the 40 x 24 mm field to the square would make it 25.6 x 42.7 px.
        for (const std::string stem : { " reformat j 20", " reformat i 20" }) {
            const auto sample = std::find_if(all->samples.begin(), all->samples.end(),
                [&](const inference::detail::TrainingSample& s) { return s.stem.find(stem) != std::string::npos; });
            QVERIFY2(sample != all->samples.end(), stem.c_str());
            int left = 64, right = -1, top = 64, bottom = -1;
            for (int y = 0; y < 64; ++y) {
                for (int x = 0; x < 64; ++x) {
                    if (sample->mask[static_cast<size_t>(y * 64 + x)] == 1) {
                        left = std::min(left, x);
                        right = std::max(right, x);
                        top = std::min(top, y);
                        bottom = std::max(bottom, y);
                    }
                }
            }
            const int width = right - left + 1;
            const int height = bottom - top + 1;
            QVERIFY2(std::abs(width - 26) <= 2 && std::abs(height - 26) <= 2,
                qPrintable(QString("%1: %2 x %3 px").arg(QString::fromStdString(stem)).arg(width).arg(height)));
            // The padding outside the 24 mm field is background, grey 0.
            QVERIFY(std::abs(sample->grey[0]) < 1e-4f);
        }
        config.slicePlanes = "sideways";
        QVERIFY(!inference::trainSegmentationHead(config, folder / "run").ok());
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

        auto predictor = inference::SegmentationPredictor::open(run, { .threads = 2 });
        QVERIFY(predictor.ok());
        QCOMPARE(predictor->detection().threshold, stored->threshold);
        const std::vector<uint8_t> grey(96 * 80, 120);
        // Threshold 0: every slice is called positive; threshold 1: none is, and its mask is empty.
        inference::DetectionSettings always = *stored;
        always.threshold = 0.0;
        QVERIFY(inference::writeDetectionSettings(run, always).ok());
        auto reopened = inference::SegmentationPredictor::open(run, { .threads = 2 });
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
        QVERIFY(std::all_of(
            negative->mask.labels.begin(), negative->mask.labels.end(), [](uint8_t id) { return id == 0; }));
        // A damaged detection file is an error, not a silent default.
        test::writeFile(run / inference::kDetectionFile, "{\"threshold\": \"high\"}");
        QVERIFY(!inference::SegmentationPredictor::open(run, { .threads = 2 }).ok());
    }
};

QTEST_GUILESS_MAIN(TestTrainingDatasets)
#include "tst_training_datasets.moc"
