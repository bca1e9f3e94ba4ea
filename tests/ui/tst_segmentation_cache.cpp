// Toolkit-free parts of segmentation in the viewer: the job life cycle and the per-slice result cache.
#include <QtTest/QtTest>

#include "dinolens/ui/job_state_machine.h"
#include "dinolens/ui/segmentation_cache.h"

using namespace dinolens;
using namespace dinolens::ui;
using core::JobState;

class TestSegmentationCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void transitions_data();
    void transitions();
    void storesSlicesAndReportsMissing();
    void snapshotsAreNotChangedByLaterSlices();
    void diceCountsOnlySegmentedSlices();
};

void TestSegmentationCache::transitions_data()
{
    QTest::addColumn<QList<int>>("path");
    QTest::addColumn<bool>("allowed");
    const auto s = [](JobState state) { return static_cast<int>(state); };
    QTest::newRow("complete") << QList<int> { s(JobState::Scheduled), s(JobState::Running), s(JobState::Completed) }
                              << true;
    QTest::newRow("cancel") << QList<int> { s(JobState::Scheduled), s(JobState::Running), s(JobState::Cancelling),
        s(JobState::Cancelled), s(JobState::Scheduled) }
                            << true;
    QTest::newRow("fail while loading") << QList<int> { s(JobState::Scheduled), s(JobState::Failed) } << true;
    QTest::newRow("run before scheduling") << QList<int> { s(JobState::Running) } << false;
    QTest::newRow("cancelled without cancelling")
        << QList<int> { s(JobState::Scheduled), s(JobState::Running), s(JobState::Cancelled) } << false;
    QTest::newRow("complete twice") << QList<int> { s(JobState::Scheduled), s(JobState::Running),
        s(JobState::Completed), s(JobState::Completed) }
                                    << false;
}

void TestSegmentationCache::transitions()
{
    QFETCH(QList<int>, path);
    QFETCH(bool, allowed);
    JobStateMachine machine;
    bool all = true;
    for (const int next : path) {
        const JobState before = machine.state();
        const bool moved = machine.moveTo(static_cast<JobState>(next));
        QCOMPARE(machine.state(), moved ? static_cast<JobState>(next) : before);
        all = all && moved;
    }
    QCOMPARE(all, allowed);
}

void TestSegmentationCache::storesSlicesAndReportsMissing()
{
    SegmentationCache cache;
    cache.ensure("a", { 4, 3, 5 }, { 1.0, 1.0, 2.0 });
    auto slice = core::LabelMask::zeros(4, 3);
    slice.at(1, 2) = 3;
    QVERIFY(cache.store("a", 2, slice));
    QVERIFY(!cache.store("a", 5, slice));
    QVERIFY(!cache.store("b", 0, slice));
    QVERIFY(!cache.store("a", 0, core::LabelMask::zeros(3, 3)));
    QCOMPARE(cache.doneCount("a"), 1);
    QCOMPARE(cache.missing("a", { 0, 1, 2, 3 }), (std::vector<int> { 0, 1, 3 }));
    QCOMPARE(cache.mask("a")->at(1, 2, 2), std::uint8_t { 3 });
    QCOMPARE(cache.mask("a")->spacing[2], 2.0);
    QCOMPARE(maskSlice(*cache.mask("a"), 2).labels, slice.labels);
    cache.ensure("a", { 4, 3, 5 }, { 1.0, 1.0, 2.0 }); // same dims: kept
    QCOMPARE(cache.doneCount("a"), 1);
}

void TestSegmentationCache::snapshotsAreNotChangedByLaterSlices()
{
    SegmentationCache cache;
    cache.ensure("a", { 2, 2, 2 }, { 1.0, 1.0, 1.0 });
    const auto before = cache.mask("a");
    auto slice = core::LabelMask::zeros(2, 2);
    slice.labels.assign(4, 1);
    QVERIFY(cache.store("a", 1, slice));
    QCOMPARE(before->at(0, 0, 1), std::uint8_t { 0 });
    QCOMPARE(cache.mask("a")->at(0, 0, 1), std::uint8_t { 1 });
}

void TestSegmentationCache::diceCountsOnlySegmentedSlices()
{
    SegmentationCache cache;
    cache.ensure("a", { 2, 1, 2 }, { 1.0, 1.0, 1.0 });
    core::LabelMask truth = core::LabelMask::zeros(2, 1, 2);
    truth.labels = { 1, 0, 1, 1 }; // slice 1 has tumour the model has not looked at yet
    QVERIFY(!cache.overlapOnDone("a", truth).has_value());
    auto slice = core::LabelMask::zeros(2, 1);
    slice.labels = { 1, 1 };
    QVERIFY(cache.store("a", 0, slice));
    const auto score = cache.overlapOnDone("a", truth);
    QVERIFY(score.has_value());
    QCOMPARE(score->dice, 2.0 * 1 / (1 + 2));
}

QTEST_GUILESS_MAIN(TestSegmentationCache)
#include "tst_segmentation_cache.moc"
