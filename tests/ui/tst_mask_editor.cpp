// Manual correction (toolkit-free): brush, eraser and polygon on a slice; undo/redo by stored differences.
#include <QtTest/QtTest>

#include <algorithm>

#include "dinolens/ui/mask_editor.h"

using namespace dinolens;
using namespace dinolens::ui;

class TestMaskEditor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void brushStrokeUndoesAsOneStep();
    void eraserAndRedo();
    void polygonFillsInsidePixels();
    void historyStoresDifferencesOnly();
};

namespace {
int countLabel(const core::LabelMask& mask, std::uint8_t label)
{
    return static_cast<int>(std::count(mask.labels.begin(), mask.labels.end(), label));
}
} // namespace

void TestMaskEditor::brushStrokeUndoesAsOneStep()
{
    MaskEditor editor(core::LabelMask::zeros(20, 20, 3));
    editor.beginStroke();
    editor.paintDisc(1, 5.0, 5.0, 2.0, 2);
    editor.paintDisc(1, 7.0, 5.0, 2.0, 2); // overlapping dabs of one stroke
    editor.endStroke();
    QVERIFY(countLabel(editor.mask(), 2) > 12);
    QCOMPARE(editor.mask().at(5, 5, 1), std::uint8_t { 2 });
    QCOMPARE(editor.mask().at(5, 5, 0), std::uint8_t { 0 }); // other slices untouched
    QVERIFY(editor.undo());
    QCOMPARE(countLabel(editor.mask(), 2), 0);
    QVERIFY(!editor.undo());
}

void TestMaskEditor::eraserAndRedo()
{
    core::LabelMask start = core::LabelMask::zeros(10, 10);
    std::fill(start.labels.begin(), start.labels.end(), std::uint8_t { 1 });
    MaskEditor editor(start);
    editor.beginStroke();
    editor.paintDisc(0, 5.0, 5.0, 1.5, 0);
    editor.endStroke();
    const auto erased = editor.mask().labels;
    QVERIFY(countLabel(editor.mask(), 0) > 0);
    QVERIFY(editor.undo());
    QCOMPARE(editor.mask().labels, start.labels);
    QVERIFY(editor.redo());
    QCOMPARE(editor.mask().labels, erased);
    editor.undo();
    editor.beginStroke();
    editor.paintDisc(0, 1.0, 1.0, 1.0, 3);
    editor.endStroke();
    QVERIFY(!editor.canRedo()); // a new edit drops the redo branch
}

void TestMaskEditor::polygonFillsInsidePixels()
{
    MaskEditor editor(core::LabelMask::zeros(10, 10));
    editor.fillPolygon(0, { { 2.0, 2.0 }, { 8.0, 2.0 }, { 8.0, 6.0 }, { 2.0, 6.0 } }, 3);
    QCOMPARE(countLabel(editor.mask(), 3), 6 * 4); // pixel centres 2.5..7.5 x 2.5..5.5
    QCOMPARE(editor.mask().at(2, 2), std::uint8_t { 3 });
    QCOMPARE(editor.mask().at(8, 2), std::uint8_t { 0 });
    QVERIFY(editor.undo());
    QCOMPARE(countLabel(editor.mask(), 3), 0);
}

void TestMaskEditor::historyStoresDifferencesOnly()
{
    MaskEditor editor(core::LabelMask::zeros(256, 256, 20));
    for (int n = 0; n < 10; ++n) {
        editor.beginStroke();
        editor.paintDisc(3, 100.0 + n, 100.0, 3.0, 1);
        editor.endStroke();
    }
    QVERIFY(editor.historyBytes() < 256 * 256 / 10); // far below one slice, let alone ten masks
}

QTEST_GUILESS_MAIN(TestMaskEditor)
#include "tst_mask_editor.moc"
