#pragma once
// Live curves of a training run in two QCustomPlot panes: loss (per step and per epoch) and train Dice per
// tumour class (per epoch). The previous run is overlaid in dashed pens. Only paints TrainingCurves.
// Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QWidget>

class QCustomPlot;

namespace dinolens::ui {

class TrainingCurves;

class TrainingPlot : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPlot(QWidget* parent = nullptr);

    /// Redraws from the curves (queued replot, so bursts of updates cost one paint).
    void showCurves(const TrainingCurves& current, const TrainingCurves& previous);
    /// Points in the loss pane's graph n (0: current steps, 1: current epochs, 2..3: previous run).
    int lossPointCount(int graph) const;
    int dicePointCount(int graph) const;

private:
    QCustomPlot* m_loss;
    QCustomPlot* m_dice;
};

}  // namespace dinolens::ui
