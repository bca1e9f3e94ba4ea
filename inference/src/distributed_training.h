#pragma once
// Private: what makes each rank's share of a global batch train exactly as the whole batch does in one process.
//
// Every rank draws the same epoch order and augmentation (seeded by seed and epoch, trainer.h) and takes a
// contiguous share of each global batch. Everything that a single process computes over the whole batch is summed
// over the ranks where it arises: BatchNorm's batch statistics (syncBatchNorm), the loss's sums (the CE numerator
// and denominator, the Dice intersections and totals; segmentation_loss_kernel.cpp) and the Dice counts of the
// epoch. The loss each rank differentiates is thus the global batch's loss, and its gradient is that loss's
// gradient through the rank's own samples; summing the ranks' gradients (allReduceGradients) gives the single
// process's gradient. (DistributedDataParallel averages over ranks because each rank there differentiates its own
// mean loss; here the normalisation is already global, so the sum is the average of W per-rank shares x W.)
// Dropout masks are counted from the sample's position in the global batch (head_network.cpp), so they do not
// depend on how the batch is split.

#include <ATen/ATen.h>

#include <map>
#include <string>
#include <utility>

#include "dice_counts.h"
#include "dinolens/core/result.h"
#include "process_group.h"

namespace dinolens::inference::detail {

/// How a rank holds a global batch: null group = the whole batch in one process.
struct BatchShard {
    ProcessGroup* group = nullptr;
    int64_t firstSample = 0; // position of this rank's first sample in the global batch
};

/// [first, last) of `rank`'s share of `count` samples: contiguous, sizes differ by at most one (may be empty).
std::pair<size_t, size_t> shardRange(size_t count, int rank, int worldSize);

/// Sum over the ranks that autograd differentiates: the backward pass sums the incoming gradients over the ranks.
at::Tensor allReduceSumWithGradient(const at::Tensor& input, ProcessGroup& group, const char* what);

/// BatchNorm in training mode over the whole global batch (as at::batch_norm with training = true over all ranks'
/// samples): x [B, C, H, W]; updates the running statistics (unbiased variance, momentum as at::batch_norm).
at::Tensor syncBatchNorm(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias, at::Tensor& runningMean,
    at::Tensor& runningVar, double momentum, double epsilon, ProcessGroup& group);

/// Sums every parameter's gradient over the ranks, in buckets of at most kGradientBucketFloats values flattened
/// into one message each (a parameter without a gradient counts as zeros).
inline constexpr int64_t kGradientBucketFloats = 4 << 20;
void allReduceGradients(std::map<std::string, at::Tensor>& parameters, ProcessGroup& group);

/// Copies rank 0's values into every rank's tensors (in place; contiguous CPU tensors).
void broadcastFromMain(const std::map<std::string, at::Tensor>& tensors, ProcessGroup& group, const char* what);

struct TrainingSession;

/// Checks that every rank trains the same run: the configuration (apart from threads, device and feature cache
/// folder, which may differ per rank), the data's fingerprint and the first epoch. Errors: InvalidArgument on every
/// rank, naming the ranks whose run differs from rank 0's.
core::Status checkSameRun(TrainingSession& session, int firstEpoch);

/// Rank 0's head, trained backbone and optimiser states to every rank (after initialising or resuming).
void broadcastTrainingState(TrainingSession& session);

/// The epoch's Dice counts summed over the ranks.
void allReduceDiceCounts(DiceCounts& counts, ProcessGroup& group);

} // namespace dinolens::inference::detail
