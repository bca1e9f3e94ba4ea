#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "dinolens/core/tumor_dataset.h"
#include "test_data.h"

using namespace dinolens::core;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

constexpr auto kDegenerate = static_cast<std::size_t>(LabelProblemKind::DegeneratePolygon);

} // namespace

class TestTumorDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realSplitCounts_data()
    {
        QTest::addColumn<QString>("split");
        QTest::addColumn<int>("images");
        QTest::addColumn<int>("glioma");
        QTest::addColumn<int>("meningioma");
        QTest::addColumn<int>("pituitary");
        QTest::addColumn<int>("degenerate");
        // README: train 983 / 503 / 658. One meningioma outline (518) is a 2-point polygon, skipped, so 502 of
        // the 503 meningioma images keep a usable polygon.
        QTest::newRow("train") << "train" << 2144 << 983 << 502 << 658 << 1;
        QTest::newRow("valid") << "valid" << 612 << 285 << 142 << 185 << 0;
    }
    void realSplitCounts()
    {
        QFETCH(QString, split);
        QFETCH(int, images);
        QFETCH(int, glioma);
        QFETCH(int, meningioma);
        QFETCH(int, pituitary);
        QFETCH(int, degenerate);
        DINOLENS_REQUIRE_DATA("brain-tumor/" + split.toStdString());
        const auto listed = listTumorSplit(dinolens::test::dataPath("brain-tumor"), split.toStdString());
        QVERIFY2(listed.ok(), listed.ok() ? "" : listed.error().toString().c_str());
        QCOMPARE(int(listed->samples.size()), images);
        QVERIFY(listed->orphanLabels.empty());
        QVERIFY(listed->warnings.empty());
        QVERIFY(std::is_sorted(listed->samples.begin(), listed->samples.end(), [](const auto& a, const auto& b) {
            return a.imagePath.filename().string() < b.imagePath.filename().string();
        }));

        const auto stats = computeSplitStatistics(*listed);
        QVERIFY(stats.ok());
        QCOMPARE(stats->imageCount, images);
        QCOMPARE(stats->imagesWithoutLabel, 0);
        QCOMPARE(stats->invalidLabels, 0);
        QCOMPARE(stats->clampedPolygons, 0);
        QCOMPARE(stats->imagesPerClass[1], glioma);
        QCOMPARE(stats->imagesPerClass[2], meningioma);
        QCOMPARE(stats->imagesPerClass[3], pituitary);
        QCOMPARE(stats->polygonsPerClass[1], glioma); // one polygon per image in this export
        QCOMPARE(stats->polygonsPerClass[2], meningioma);
        QCOMPARE(stats->polygonsPerClass[3], pituitary);
        QCOMPARE(stats->skippedPolygonsByReason[kDegenerate], degenerate);
        QCOMPARE(stats->skippedPolygons(), degenerate);
        QCOMPARE(stats->imagesWithoutTumor, degenerate);
    }

    void listingIsDeterministic()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/valid");
        const auto first = listTumorSplit(dinolens::test::dataPath("brain-tumor"), "valid");
        const auto second = listTumorSplit(dinolens::test::dataPath("brain-tumor"), "valid");
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->samples.size(), second->samples.size());
        for (std::size_t i = 0; i < first->samples.size(); ++i) {
            QCOMPARE(first->samples[i].imagePath, second->samples[i].imagePath);
            QCOMPARE(first->samples[i].labelPath.value().stem(), first->samples[i].imagePath.stem());
        }
    }

    void brokenLayoutsAreErrors()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const fs::path root = dir.path().toStdString();
        QCOMPARE(listTumorSplit(root, "train").error().code, ErrorCode::NotFound);
        fs::create_directories(root / "train" / "labels");
        const auto noImages = listTumorSplit(root, "train");
        QCOMPARE(noImages.error().code, ErrorCode::NotFound);
        QVERIFY(noImages.error().message.find("images") != std::string::npos);
        fs::create_directories(root / "train" / "images");
        writeFile(root / "train" / "images" / "notes.md", "not an image");
        QCOMPARE(listTumorSplit(root, "train").error().code, ErrorCode::InvalidFormat);
    }

    void defectsAreCountedNotFatal()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const fs::path split = fs::path(dir.path().toStdString()) / "s";
        for (const char* stem : { "a", "b", "c", "d", "e" }) {
            writeFile(split / "images" / (std::string(stem) + ".jpg"), "");
        }
        writeFile(split / "images" / "readme.txt", "ignored");
        writeFile(split / "labels" / "a.txt", "0 0.1 0.1 0.5 0.1 0.5 0.5\n2 0.6 0.6 0.9 0.6 0.9 0.9");
        writeFile(split / "labels" / "b.txt", ""); // no tumour
        writeFile(split / "labels" / "c.txt", "1 0.1 0.1 0.2 0.2\n5 0.1 0.1 0.5 0.1 0.5 0.5");
        writeFile(split / "labels" / "d.txt", "garbage");
        writeFile(split / "labels" / "z.txt", "0 0.1 0.1 0.5 0.1 0.5 0.5"); // no image
        const auto listed = listTumorSplit(split.parent_path(), "s");
        QVERIFY(listed.ok());
        QCOMPARE(listed->samples.size(), std::size_t { 5 });
        QCOMPARE(listed->samples.front().stem, std::string("a"));
        QVERIFY(!listed->samples.back().labelPath);
        QCOMPARE(listed->orphanLabels.size(), std::size_t { 1 });
        QCOMPARE(listed->warnings.size(), std::size_t { 2 });

        const auto stats = computeSplitStatistics(*listed);
        QVERIFY(stats.ok());
        QCOMPARE(stats->imageCount, 5);
        QCOMPARE(stats->imagesWithoutLabel, 1);
        QCOMPARE(stats->invalidLabels, 1);
        QCOMPARE(stats->imagesWithoutTumor, 2); // b (empty) and c (both polygons skipped)
        QCOMPARE(stats->imagesPerClass[1], 1);
        QCOMPARE(stats->imagesPerClass[3], 1);
        QCOMPARE(stats->skippedPolygonsByReason[kDegenerate], 1);
        QCOMPARE(stats->skippedPolygonsByReason[std::size_t(LabelProblemKind::ClassOutOfRange)], 1);
        QCOMPARE(stats->skippedPolygons(), 2);
        QCOMPARE(stats->messages.size(), std::size_t { 4 });
    }

    void missingLabelsFolderIsAWarning()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const fs::path root = dir.path().toStdString();
        writeFile(root / "valid" / "images" / "x.PNG", "");
        const auto listed = listTumorSplit(root, "valid");
        QVERIFY(listed.ok());
        QCOMPARE(listed->samples.size(), std::size_t { 1 });
        QVERIFY(!listed->samples[0].labelPath);
        QCOMPARE(listed->warnings.size(), std::size_t { 2 });
    }

    void cancellationStopsCounting()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const fs::path root = dir.path().toStdString();
        writeFile(root / "t" / "images" / "x.jpg", "");
        const auto listed = listTumorSplit(root, "t");
        QVERIFY(listed.ok());
        CancelToken cancel;
        cancel.cancel();
        QCOMPARE(computeSplitStatistics(*listed, cancel).error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestTumorDataset)
#include "tst_tumor_dataset.moc"
