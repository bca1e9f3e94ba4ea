#pragma once
// Live curves of a training run in two QCustomPlot panes: loss (per step and per epoch, training solid and
// validation dashed) and Dice per tumour class per epoch (training solid, validation dashed in the class colour).
// The previous run is overlaid in faint dotted pens. Only paints TrainingCurves.
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
    /// Points in the loss pane's graph n (0: current steps, 1: current epochs, 2..3: previous run's, 4: current
    /// validation, 5: previous validation).
    int lossPointCount(int graph) const;
    /// Points in the Dice pane's graph n (class c = 1..3: c - 1 current train, c + 2 previous train, c + 5 current
    /// validation, c + 8 previous validation; 12, 13: legend samples without data).
    int dicePointCount(int graph) const;

    /// Whether the legends are shown (they are hidden when the panes are too low to hold them and the curves).
    bool legendsVisible() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QCustomPlot* m_loss;
    QCustomPlot* m_dice;
};

} // namespace dinolens::ui
