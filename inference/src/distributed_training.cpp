// Data-parallel training pieces (distributed_training.h): batch shares, a differentiable all-reduce, synchronised
// BatchNorm, bucketed gradient sums and the start-of-run broadcast.
#include "distributed_training.h"

#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cstdint>
#include <vector>

#include "content_hash.h"
#include "training_session.h"

namespace dinolens::inference::detail {

namespace {

// forward: sum over the ranks; backward: the gradient summed over the ranks (every rank's loss depends on every
// rank's input through the sum).
class AllReduceSum : public torch::autograd::Function<AllReduceSum> {
public:
    static at::Tensor forward(
        torch::autograd::AutogradContext* context, const at::Tensor& input, int64_t groupAddress, std::string what)
    {
        context->saved_data["group"] = groupAddress;
        context->saved_data["what"] = what;
        at::Tensor output = input.detach().contiguous().clone();
        groupOf(groupAddress).allReduceSum(output, what.c_str());
        return output;
    }

    static torch::autograd::variable_list backward(
        torch::autograd::AutogradContext* context, torch::autograd::variable_list gradients)
    {
        at::Tensor gradient = gradients[0].contiguous().clone();
        const std::string what = context->saved_data["what"].toStringRef() + " (backward)";
        groupOf(context->saved_data["group"].toInt()).allReduceSum(gradient, what.c_str());
        return { gradient, at::Tensor(), at::Tensor() };
    }

private:
    static ProcessGroup& groupOf(int64_t address)
    {
        return *reinterpret_cast<ProcessGroup*>(static_cast<std::uintptr_t>(address));
    }
};

} // namespace

std::pair<size_t, size_t> shardRange(size_t count, int rank, int worldSize)
{
    const auto ranks = static_cast<size_t>(worldSize);
    const auto r = static_cast<size_t>(rank);
    return { count * r / ranks, count * (r + 1) / ranks };
}

at::Tensor allReduceSumWithGradient(const at::Tensor& input, ProcessGroup& group, const char* what)
{
    const auto address = static_cast<int64_t>(reinterpret_cast<std::uintptr_t>(&group));
    return AllReduceSum::apply(input, address, std::string(what));
}

at::Tensor syncBatchNorm(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, at::Tensor& runningMean,
    at::Tensor& runningVar, double momentum, double epsilon, ProcessGroup& group)
{
    const int64_t channels = x.size(1);
    const std::vector<int64_t> shape = { 1, channels, 1, 1 };
    // The local sums in double, so that the global statistics do not depend on how the batch is split.
    const at::Tensor values = x.to(at::kDouble);
    const at::Tensor count = at::full({ 1 }, static_cast<double>(x.size(0) * x.size(2) * x.size(3)), values.options());
    const at::Tensor sums
        = allReduceSumWithGradient(at::cat({ values.sum({ 0, 2, 3 }), count }), group, "BatchNorm mean");
    const at::Tensor total = sums.narrow(0, channels, 1).detach();
    const at::Tensor mean = sums.narrow(0, 0, channels) / total;
    const at::Tensor centred = values - mean.view(shape);
    const at::Tensor variance
        = allReduceSumWithGradient((centred * centred).sum({ 0, 2, 3 }), group, "BatchNorm variance") / total;
    const at::Tensor scale = at::rsqrt(variance + epsilon) * weight.to(at::kDouble);
    const at::Tensor output = centred * scale.view(shape) + bias.to(at::kDouble).view(shape);
    {
        at::NoGradGuard noGrad;
        const double n = total.item<double>();
        runningMean.mul_(1.0 - momentum).add_(mean.detach().to(at::kFloat), momentum);
        const at::Tensor unbiased = variance.detach().to(at::kFloat) * (n / std::max(1.0, n - 1.0));
        runningVar.mul_(1.0 - momentum).add_(unbiased, momentum);
    }
    return output.to(x.scalar_type());
}

void allReduceGradients(std::map<std::string, at::Tensor>& parameters, ProcessGroup& group)
{
    at::NoGradGuard noGrad;
    std::vector<at::Tensor*> bucket;
    int64_t bucketSize = 0;
    auto flush = [&] {
        if (bucket.empty()) {
            return;
        }
        std::vector<at::Tensor> flat;
        for (at::Tensor* parameter : bucket) {
            const at::Tensor gradient = parameter->grad();
            flat.push_back(gradient.defined() ? gradient.reshape({ -1 }) : at::zeros({ parameter->numel() }));
        }
        at::Tensor message = at::cat(flat);
        group.allReduceSum(message, "the gradient all-reduce");
        int64_t offset = 0;
        for (at::Tensor* parameter : bucket) {
            const at::Tensor summed = message.narrow(0, offset, parameter->numel()).view(parameter->sizes());
            if (parameter->grad().defined()) {
                parameter->mutable_grad().copy_(summed);
            } else {
                parameter->mutable_grad() = summed.clone();
            }
            offset += parameter->numel();
        }
        bucket.clear();
        bucketSize = 0;
    };
    for (auto& [name, parameter] : parameters) {
        if (bucketSize + parameter.numel() > kGradientBucketFloats) {
            flush();
        }
        bucket.push_back(&parameter);
        bucketSize += parameter.numel();
    }
    flush();
}

void broadcastFromMain(const std::map<std::string, at::Tensor>& tensors, ProcessGroup& group, const char* what)
{
    at::NoGradGuard noGrad;
    for (const auto& [name, tensor] : tensors) {
        at::Tensor data = tensor.detach();
        if (data.is_contiguous()) {
            group.broadcast(data, 0, what);
        } else {
            at::Tensor copy = data.contiguous();
            group.broadcast(copy, 0, what);
            data.copy_(copy);
        }
    }
}

core::Status checkSameRun(TrainingSession& session, int firstEpoch)
{
    TrainingConfig shared = session.config;
    shared.threads = 0;
    shared.device = ComputeDevice::Cpu;
    shared.featureCacheDir.clear();
    const uint64_t own = combineHash(combineHash(fnv1a(trainingConfigToJson(shared)), session.data.report.fingerprint),
        static_cast<uint64_t>(firstEpoch));
    at::Tensor main = at::full({ 1 }, static_cast<int64_t>(own), at::kLong);
    session.group->broadcast(main, 0, "the configuration check");
    // One slot per rank: 1 where the run differs from rank 0's.
    at::Tensor differs = at::zeros({ session.group->worldSize() }, at::kLong);
    differs[session.group->rank()] = static_cast<int64_t>(own) != main.item<int64_t>() ? 1 : 0;
    session.group->allReduceSum(differs, "the configuration check");
    std::string ranks;
    for (int64_t rank = 0; rank < differs.numel(); ++rank) {
        if (differs[rank].item<int64_t>() != 0) {
            ranks += (ranks.empty() ? "" : ", ") + std::to_string(rank);
        }
    }
    if (ranks.empty()) {
        return core::okStatus();
    }
    return core::makeError(core::ErrorCode::InvalidArgument,
        "rank(s) " + ranks
            + " run a different training than rank 0 (other options, data, or checkpoint); start every rank with "
              "the same options, data and run folder");
}

void broadcastTrainingState(TrainingSession& session)
{
    ProcessGroup& group = *session.group;
    broadcastFromMain(session.head.state(), group, "the start-of-run broadcast");
    broadcastFromMain(session.optimizer->state(), group, "the start-of-run broadcast");
    if (session.trainableBackbone) {
        broadcastFromMain(session.trainableBackbone->parameters, group, "the start-of-run broadcast");
        broadcastFromMain(session.backboneOptimizer->state(), group, "the start-of-run broadcast");
    }
}

void allReduceDiceCounts(DiceCounts& counts, ProcessGroup& group)
{
    at::Tensor values = at::empty({ 12 }, at::kDouble);
    double* v = values.data_ptr<double>();
    for (size_t c = 0; c < 4; ++c) {
        v[c] = counts.intersection[c];
        v[4 + c] = counts.predicted[c];
        v[8 + c] = counts.truth[c];
    }
    group.allReduceSum(values, "the Dice counts all-reduce");
    for (size_t c = 0; c < 4; ++c) {
        counts.intersection[c] = v[c];
        counts.predicted[c] = v[4 + c];
        counts.truth[c] = v[8 + c];
    }
}

} // namespace dinolens::inference::detail
