#pragma once
// The curves of one training run as the trainer reports it: loss per step (x = epochs, fractional), loss per
// epoch and train Dice per tumour class per epoch (x = epochs completed), and the same per-epoch curves on the
// validation split when the trainer validated (epochs without validation add no point). Toolkit-free, so tested
// alone.
// Ownership: plain value. Thread-safety: none (GUI thread of its owner).

#include <array>
#include <vector>

#include "dinolens/inference/trainer.h"

namespace dinolens::ui {

struct CurvePoint {
    double x = 0.0; // epochs
    double y = 0.0;
};

class TrainingCurves {
public:
    void clear();
    void addStep(const inference::TrainingStepMetrics& step);
    void addEpoch(const inference::TrainingEpochMetrics& epoch);
    bool empty() const { return m_stepLoss.empty() && m_epochLoss.empty(); }
    int epochs() const { return static_cast<int>(m_epochLoss.size()); }

    const std::vector<CurvePoint>& stepLoss() const { return m_stepLoss; }
    const std::vector<CurvePoint>& epochLoss() const { return m_epochLoss; }
    /// Train Dice of class id 1..3 (0 gives the background's).
    const std::vector<CurvePoint>& trainDice(int classId) const;
    const std::vector<CurvePoint>& validLoss() const { return m_validLoss; }
    /// Validation Dice of class id 1..3 (0 gives the background's); NaN where the class was absent.
    const std::vector<CurvePoint>& validDice(int classId) const;

private:
    std::vector<CurvePoint> m_stepLoss;
    std::vector<CurvePoint> m_epochLoss;
    std::array<std::vector<CurvePoint>, 4> m_dice;
    std::vector<CurvePoint> m_validLoss;
    std::array<std::vector<CurvePoint>, 4> m_validDice;
};

} // namespace dinolens::ui
