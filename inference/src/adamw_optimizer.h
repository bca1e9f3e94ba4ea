#pragma once
// Private: AdamW (decoupled weight decay, Loshchilov & Hutter; PyTorch's torch.optim.AdamW update) over named
// ATen parameters, with its moments as named tensors so that checkpoints hold the complete optimiser state.

#include <ATen/ATen.h>

#include <map>
#include <string>

namespace dinolens::inference::detail {

class AdamWOptimizer {
public:
    AdamWOptimizer(std::map<std::string, at::Tensor>* parameters, double weightDecay);

    /// One update with learning rate `learningRate` from the parameters' gradients; clears the gradients.
    void step(double learningRate);
    int64_t steps() const { return m_steps; }

    /// "adam.m.<name>" and "adam.v.<name>" moments.
    std::map<std::string, at::Tensor> state() const;
    /// Restores moments and the step count. Returns false when a moment is missing or mis-shaped.
    bool restore(const std::map<std::string, at::Tensor>& state, int64_t steps);

private:
    std::map<std::string, at::Tensor>* m_parameters;
    std::map<std::string, at::Tensor> m_first;
    std::map<std::string, at::Tensor> m_second;
    double m_weightDecay;
    int64_t m_steps = 0;
};

/// Treats denormal floats as zero on this thread and on compute threads created after it. AdamW's moments decay
/// geometrically into the denormal range, where x86 arithmetic is ~100x slower; without this, epochs slow down
/// as training goes on.
void flushDenormals();

/// Linear warm-up over warmupFraction of totalSteps, then cosine decay to peak x minFraction.
double scheduledLearningRate(double peak, double warmupFraction, double minFraction, int64_t step, int64_t totalSteps);

} // namespace dinolens::inference::detail
