#include "dinolens/ui/training_curves.h"

#include <algorithm>

namespace dinolens::ui {

void TrainingCurves::clear()
{
    m_stepLoss.clear();
    m_epochLoss.clear();
    m_validLoss.clear();
    for (std::size_t c = 0; c < m_dice.size(); ++c) {
        m_dice[c].clear();
        m_validDice[c].clear();
    }
}

void TrainingCurves::addStep(const inference::TrainingStepMetrics& step)
{
    const double perEpoch = std::max(step.stepsPerEpoch, 1);
    m_stepLoss.push_back({ step.epoch + (step.step + 1) / perEpoch, step.loss });
}

void TrainingCurves::addEpoch(const inference::TrainingEpochMetrics& epoch)
{
    const double x = epoch.epoch + 1.0;
    m_epochLoss.push_back({ x, epoch.loss });
    for (std::size_t c = 0; c < m_dice.size(); ++c) {
        m_dice[c].push_back({ x, epoch.trainDice[c] });
    }
    if (epoch.validImages > 0) {
        m_validLoss.push_back({ x, epoch.validLoss });
        for (std::size_t c = 0; c < m_validDice.size(); ++c) {
            m_validDice[c].push_back({ x, epoch.validDice[c] });
        }
    }
}

const std::vector<CurvePoint>& TrainingCurves::trainDice(int classId) const
{
    return m_dice[static_cast<std::size_t>(std::clamp(classId, 0, 3))];
}

const std::vector<CurvePoint>& TrainingCurves::validDice(int classId) const
{
    return m_validDice[static_cast<std::size_t>(std::clamp(classId, 0, 3))];
}

} // namespace dinolens::ui
