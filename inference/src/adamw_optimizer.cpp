#include "adamw_optimizer.h"

#include <ATen/Context.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dinolens::inference::detail {

namespace {

constexpr double kBeta1 = 0.9;
constexpr double kBeta2 = 0.999;
constexpr double kEpsilon = 1e-8;

} // namespace

AdamWOptimizer::AdamWOptimizer(std::map<std::string, at::Tensor>* parameters, double weightDecay)
    : m_parameters(parameters)
    , m_weightDecay(weightDecay)
{
    for (const auto& [name, parameter] : *m_parameters) {
        m_first[name] = at::zeros_like(parameter).detach();
        m_second[name] = at::zeros_like(parameter).detach();
    }
}

void AdamWOptimizer::step(double learningRate)
{
    at::NoGradGuard noGrad;
    ++m_steps;
    const double correction1 = 1.0 - std::pow(kBeta1, static_cast<double>(m_steps));
    const double correction2 = 1.0 - std::pow(kBeta2, static_cast<double>(m_steps));
    for (auto& [name, parameter] : *m_parameters) {
        at::Tensor gradient = parameter.mutable_grad();
        if (!gradient.defined()) {
            continue;
        }
        parameter.mul_(1.0 - learningRate * m_weightDecay);
        at::Tensor& first = m_first.at(name);
        at::Tensor& second = m_second.at(name);
        first.mul_(kBeta1).add_(gradient, 1.0 - kBeta1);
        second.mul_(kBeta2).addcmul_(gradient, gradient, 1.0 - kBeta2);
        const at::Tensor denominator = (second.sqrt() / std::sqrt(correction2)).add_(kEpsilon);
        parameter.addcdiv_(first, denominator, -learningRate / correction1);
        gradient.zero_();
    }
}

std::map<std::string, at::Tensor> AdamWOptimizer::state() const
{
    std::map<std::string, at::Tensor> state;
    for (const auto& [name, moment] : m_first) {
        state["adam.m." + name] = moment;
        state["adam.v." + name] = m_second.at(name);
    }
    return state;
}

bool AdamWOptimizer::restore(const std::map<std::string, at::Tensor>& state, int64_t steps)
{
    for (auto& [name, moment] : m_first) {
        auto first = state.find("adam.m." + name);
        auto second = state.find("adam.v." + name);
        if (first == state.end() || second == state.end() || !first->second.sizes().equals(moment.sizes())
            || !second->second.sizes().equals(moment.sizes())) {
            return false;
        }
        moment = first->second.clone();
        m_second[name] = second->second.clone();
    }
    m_steps = steps;
    return true;
}

void flushDenormals()
{
    at::globalContext().setFlushDenormal(true);
}

double scheduledLearningRate(double peak, double warmupFraction, double minFraction, int64_t step, int64_t totalSteps)
{
    const auto warmup = static_cast<int64_t>(std::llround(warmupFraction * static_cast<double>(totalSteps)));
    if (step < warmup) {
        return peak * static_cast<double>(step + 1) / static_cast<double>(warmup);
    }
    const double span = static_cast<double>(std::max<int64_t>(1, totalSteps - warmup));
    const double progress = std::min(1.0, static_cast<double>(step - warmup) / span);
    const double floor = peak * minFraction;
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

} // namespace dinolens::inference::detail
