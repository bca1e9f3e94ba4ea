// The lesions a positive slice keeps (core/lesion_filter.h): 8-connected components of tumour pixels that hold a
// minimal lesion's worth of sure pixels stay with their classes; uncertain islands go; a positive slice keeps a mask
// even when its sure pixels are split; the count of a minimal lesion is the tumour score's.
#include <QtTest/QtTest>

#include <algorithm>
#include <vector>

#include "dinolens/core/detection_metrics.h"
#include "dinolens/core/lesion_filter.h"

using namespace dinolens::core;

namespace {

// A 20 x 10 slice (200 pixels) and its tumour probabilities, all background at 0.01.
struct Slice {
    LabelMask mask = LabelMask::zeros(20, 10);
    std::vector<float> foreground = std::vector<float>(200, 0.01f);

    void set(int x, int y, std::uint8_t classId, float probability)
    {
        const auto at = static_cast<size_t>(y * 20 + x);
        mask.labels[at] = classId;
        foreground[at] = probability;
    }
    std::uint8_t at(int x, int y) const { return mask.labels[static_cast<size_t>(y * 20 + x)]; }
    long tumourPixels() const
    {
        return static_cast<long>(std::count_if(mask.labels.begin(), mask.labels.end(), [](auto id) { return id; }));
    }
};

} // namespace

class TestLesionFilter : public QObject {
    Q_OBJECT

private slots:
    void keepsSureLesionsWithTheirClassesAndDropsUncertainIslands()
    {
        // Minimal lesion 2% of 200 = 4 pixels. A 3x2 lesion (classes 1 and 2) with 4 sure pixels; a 2x2 island of
        // class 3 far away whose pixels are all below the threshold.
        Slice slice;
        for (int x = 2; x < 5; ++x) {
            slice.set(x, 2, 1, 0.99f);
            slice.set(x, 3, 2, x == 2 ? 0.98f : 0.6f);
        }
        for (int x = 15; x < 17; ++x) {
            slice.set(x, 7, 3, 0.8f);
            slice.set(x, 8, 3, 0.8f);
        }
        auto removed = keepDetectedLesions(slice.mask, slice.foreground.data(), 0.9, 0.02);
        QVERIFY(removed);
        QCOMPARE(*removed, size_t { 1 });
        QCOMPARE(slice.tumourPixels(), 6L);
        QCOMPARE(slice.at(3, 2), std::uint8_t { 1 });
        QCOMPARE(slice.at(3, 3), std::uint8_t { 2 }); // classes stay as the network gave them
        QCOMPARE(slice.at(15, 7), std::uint8_t { 0 });
    }

    void diagonalNeighboursAreOneLesion()
    {
        // Four sure pixels on a diagonal, plus an uncertain tail touching the last one by a corner: one lesion.
        Slice slice;
        for (int i = 0; i < 4; ++i) {
            slice.set(5 + i, 1 + i, 1, 0.95f);
        }
        slice.set(9, 5, 2, 0.3f);
        slice.set(10, 6, 2, 0.3f);
        auto removed = keepDetectedLesions(slice.mask, slice.foreground.data(), 0.9, 0.02);
        QVERIFY(removed);
        QCOMPARE(*removed, size_t { 0 });
        QCOMPARE(slice.tumourPixels(), 6L);
    }

    void aLesionJustBelowAMinimalOneGoesAsTheScoreSaysNo()
    {
        // Three sure pixels in one lesion and four in another: only the second is a lesion, and the score agrees
        // that three alone would not make the slice positive.
        Slice slice;
        for (int x = 0; x < 3; ++x) {
            slice.set(x, 0, 1, 0.95f);
        }
        for (int x = 10; x < 14; ++x) {
            slice.set(x, 5, 2, 0.95f);
        }
        Slice onlyThree = slice;
        for (int x = 10; x < 14; ++x) {
            onlyThree.set(x, 5, 0, 0.01f);
        }
        std::vector<float> scores = onlyThree.foreground;
        QVERIFY(tumorScore(scores.data(), scores.size(), 0.02) < 0.9f);
        auto removed = keepDetectedLesions(slice.mask, slice.foreground.data(), 0.9, 0.02);
        QVERIFY(removed);
        QCOMPARE(*removed, size_t { 1 });
        QCOMPARE(slice.at(0, 0), std::uint8_t { 0 });
        QCOMPARE(slice.at(11, 5), std::uint8_t { 2 });
    }

    void aPositiveSliceWhoseSurePixelsAreSplitKeepsItsBestLesion()
    {
        // Two lesions with 3 and 2 sure pixels: together a minimal lesion (the slice scores positive), alone neither.
        Slice slice;
        for (int x = 0; x < 3; ++x) {
            slice.set(x, 0, 1, 0.95f);
        }
        for (int x = 10; x < 12; ++x) {
            slice.set(x, 5, 3, 0.95f);
        }
        std::vector<float> scores = slice.foreground;
        QVERIFY(tumorScore(scores.data(), scores.size(), 0.02) >= 0.9f);
        auto removed = keepDetectedLesions(slice.mask, slice.foreground.data(), 0.9, 0.02);
        QVERIFY(removed);
        QCOMPARE(*removed, size_t { 1 });
        QCOMPARE(slice.tumourPixels(), 3L);
        QCOMPARE(slice.at(1, 0), std::uint8_t { 1 });
    }

    void emptyMasksStayEmptyAndBadInputIsRefused()
    {
        Slice slice;
        auto removed = keepDetectedLesions(slice.mask, slice.foreground.data(), 0.5, 0.001);
        QVERIFY(removed);
        QCOMPARE(*removed, size_t { 0 });
        QCOMPARE(slice.tumourPixels(), 0L);

        QCOMPARE(keepDetectedLesions(slice.mask, nullptr, 0.5, 0.001).error().code, ErrorCode::InvalidArgument);
        LabelMask volume = LabelMask::zeros(4, 4, 2);
        std::vector<float> probabilities(32, 0.0f);
        QCOMPARE(
            keepDetectedLesions(volume, probabilities.data(), 0.5, 0.001).error().code, ErrorCode::InvalidArgument);
        LabelMask broken = LabelMask::zeros(4, 4);
        broken.labels.pop_back();
        QCOMPARE(
            keepDetectedLesions(broken, probabilities.data(), 0.5, 0.001).error().code, ErrorCode::InvalidArgument);
    }
};

QTEST_APPLESS_MAIN(TestLesionFilter)
#include "tst_lesion_filter.moc"
