// Toolkit-free comparison of two predictions: the disagreement mask and Dice per slice.
#include <QtTest/QtTest>

#include <cmath>

#include "dinolens/ui/model_comparison.h"

using namespace dinolens;
using namespace dinolens::ui;

class TestModelComparison : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void disagreementClasses();
    void diceOnIncludedSlicesOnly();
    void mismatchedDimsGiveNothing();
};

void TestModelComparison::disagreementClasses()
{
    core::LabelMask a = core::LabelMask::zeros(4, 1);
    core::LabelMask b = a;
    a.labels = { 0, 2, 0, 1 };
    b.labels = { 0, 0, 3, 2 };
    const core::LabelMask d = disagreementMask(a, b);
    QCOMPARE(d.labels, (std::vector<std::uint8_t> { 0, 1, 2, 3 }));
}

void TestModelComparison::diceOnIncludedSlicesOnly()
{
    core::LabelMask a = core::LabelMask::zeros(2, 1, 3);
    core::LabelMask b = a;
    a.labels = { 1, 1, 0, 0, 1, 0 };
    b.labels = { 1, 0, 0, 0, 0, 1 };
    const auto dice = perSliceDice(a, b, { true, true, false });
    QCOMPARE(dice.size(), std::size_t { 3 });
    QCOMPARE(dice[0], 2.0 / 3.0);
    QCOMPARE(dice[1], 1.0); // both empty: agreement
    QVERIFY(std::isnan(dice[2]));
}

void TestModelComparison::mismatchedDimsGiveNothing()
{
    QVERIFY(disagreementMask(core::LabelMask::zeros(2, 2), core::LabelMask::zeros(2, 3)).labels.empty());
    QVERIFY(perSliceDice(core::LabelMask::zeros(2, 2), core::LabelMask::zeros(2, 3), { true }).empty());
}

QTEST_GUILESS_MAIN(TestModelComparison)
#include "tst_model_comparison.moc"
