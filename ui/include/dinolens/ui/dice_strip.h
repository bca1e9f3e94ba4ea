#pragma once
// A strip of one column per slice: the Dice between the two compared models as a bar, and each model's Dice with
// the ground truth as a dot, with the current slice marked. A click (or drag) emits the slice under the mouse.
// Values are 0..1, NaN for slices not segmented. Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QWidget>

#include <vector>

namespace dinolens::ui {

class DiceStrip : public QWidget {
    Q_OBJECT
public:
    explicit DiceStrip(QWidget* parent = nullptr);

    void setValues(
        std::vector<double> betweenModels, std::vector<double> modelAVsTruth, std::vector<double> modelBVsTruth);
    void setCurrentSlice(int k);
    int sliceCount() const { return static_cast<int>(m_between.size()); }
    const std::vector<double>& betweenModels() const { return m_between; }
    /// The slice whose column contains widget x (clamped).
    int sliceAt(double x) const;
    /// Centre of slice k's column in widget x.
    double columnCentre(int k) const;

    QSize sizeHint() const override { return { 400, 64 }; }
    QSize minimumSizeHint() const override { return { 80, 40 }; }

Q_SIGNALS:
    void sliceClicked(int k);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    std::vector<double> m_between;
    std::vector<double> m_aTruth;
    std::vector<double> m_bTruth;
    int m_current = -1;
};

} // namespace dinolens::ui
