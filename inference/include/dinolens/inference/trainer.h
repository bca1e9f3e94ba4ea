#pragma once
// Training a segmentation head (segmentation_head.h) on a frozen backbone (base_model.h) over a tumour dataset
// split (core/tumor_dataset.h), with the loss of segmentation_loss.h, AdamW and a warm-up + cosine schedule.
//
// Validation: after every epoch the head (and a trained backbone) runs in evaluation mode (no dropout, no
// augmentation, BatchNorm running statistics, no gradients) on config.validSplit (the first validMaxImages):
// loss and Dice as TrainingEpochMetrics::valid*. Its features are cached exactly like the training features
// (also with augmentation on, since validation images are never augmented), and it draws no random numbers, so
// it changes neither the weights nor resume. A cancel during validation drops the epoch like one mid-epoch.
//
// Device: config.device = Cuda runs the frozen backbone's forward pass on the GPU (feature caching, augmented
// batches, validation); the head and a trained backbone still train on the CPU.
//
// Caching: without augmentation the backbone runs once per image (in fixed chunks of 8 consecutive images, so that
// a resumed run sees the same features) and the patch grids are kept in memory, and on disk under
// config.featureCacheDir when set (keyed by backbone fingerprint, resolution and the image file's content hash);
// epochs then cost only the head. With
// augmentation on, only the decoded, resized images and masks are kept: augmented pixels differ every step, so
// the backbone runs on each augmented batch.
//
// Run folder: config.json, data_fingerprint.json, metrics.csv and metrics.json (one row per epoch, train and
// validation columns), checkpoint.safetensors (head, optimiser state, epoch and metrics history; replaced
// atomically after every epoch) and head.safetensors (final weights), and tensorboard/events.out.tfevents.*
// (per-epoch scalars at step = epochs completed, valid/* for validation, per-step loss at the global step,
// prediction overlays of the first 4 training images; see core/tensorboard_writer.h). The run is also recorded in
// the user's run registry (core/run_registry.h; location from $DINOLENS_RUN_REGISTRY or the per-user default) when
// it starts, after each epoch and when it ends. Neither TensorBoard nor the registry can stop a run: their
// failures (disk full, damaged registry) become warnings.
// Reproducibility: the data order, augmentation and dropout of epoch e are
// drawn from generators seeded with (seed, e), so a checkpoint's epoch counter is its whole random state and a
// resumed run ends with the same weights, bit for bit, as an uninterrupted one (same thread count).
// Bad input: undecodable images and unusable labels are skipped and counted; no usable image, an unwritable run
// folder or a non-finite loss (training or validation) stop the run with an error and leave the last checkpoint
// as it was.
// Thread-safety: trainSegmentationHead may run on any thread; callbacks are called on that thread. It sets
// LibTorch's intra-op thread count (process-wide) and flush-to-zero for denormal floats on the calling thread
// (AdamW's decaying moments otherwise slow epochs down).

#include <array>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/inference/distributed.h"
#include "dinolens/inference/training_config.h"

namespace dinolens::inference {

struct TrainingStepMetrics {
    int epoch = 0; // 0-based
    int step = 0; // within the epoch, 0-based
    int stepsPerEpoch = 0;
    double loss = 0.0;
    double crossEntropy = 0.0;
    double diceLoss = 0.0;
    double learningRate = 0.0;
};

inline constexpr double kNoMetric = std::numeric_limits<double>::quiet_NaN();

struct TrainingEpochMetrics {
    int epoch = 0; // 0-based
    double loss = 0.0; // means over the epoch's batches
    double crossEntropy = 0.0;
    double diceLoss = 0.0;
    double learningRate = 0.0; // at the epoch's last step
    std::array<double, 4> trainDice {}; // per class (index = class id), argmax predictions over the epoch
    double seconds = 0.0; // the training steps only
    // Validation after the epoch (validImages = 0: none; the values then stay NaN). Loss terms as for training
    // (same weights, class weights of the training split), averaged over images; Dice as trainDice, pooled over
    // the validation images at the working resolution.
    int validImages = 0;
    double validLoss = kNoMetric;
    double validCrossEntropy = kNoMetric;
    double validDiceLoss = kNoMetric;
    std::array<double, 4> validDice { kNoMetric, kNoMetric, kNoMetric, kNoMetric };
    // Mean over the validation images with a tumour of the Dice of their labelled (dominant) class, as
    // `dinolens-cli evaluate` reports it (segmentation_evaluation.h), but at the working resolution.
    double validImageDice = kNoMetric;
    double validSeconds = 0.0;
};

struct TrainingCallbacks {
    std::function<void(const TrainingStepMetrics&)> onStep;
    std::function<void(const TrainingEpochMetrics&)> onEpoch;
    core::ProgressSink progress; // data loading and feature caching: (done, total, step)
    std::function<void(const std::string&)> onWarning; // a problem that does not stop training (each once)
};

struct TrainingDataReport {
    int images = 0; // usable samples
    int imagesWithoutTumour = 0; // usable samples whose mask is all background (negatives)
    int undecodableImages = 0;
    int missingLabels = 0;
    int invalidLabels = 0;
    int skippedPolygons = 0; // out-of-range class ids, bad coordinates, degenerate outlines
    std::array<int64_t, 4> pixelCounts {}; // per class at the working resolution
    std::vector<float> classWeights;
    uint64_t fingerprint = 0; // image and label contents, in order
    std::vector<std::string> messages; // one per skipped file or polygon (capped)
};

struct TrainingSummary {
    int epochsCompleted = 0;
    int resumedFromEpoch = -1; // -1: a fresh run
    bool cancelled = false;
    TrainingDataReport data;
    TrainingDataReport validationData; // images = 0 when the run has no validation
    std::vector<TrainingEpochMetrics> history;
    double featureSeconds = 0.0; // backbone pass that filled the caches, training and validation (0: all from disk)
    int featuresFromDisk = 0; // training and validation images
    double trainingSeconds = 0.0; // epochs only
    std::vector<std::string> warnings; // as passed to onWarning (rank 0's in a distributed run)
    int worldSize = 1; // ranks that trained together
    int64_t steps = 0; // training steps of this invocation
    double allReduceSeconds = 0.0; // spent in the training steps' all-reduces (0 in one process)
};

/// How a run is trained: fresh or resumed, with which callbacks (progress among them), cancel token and, for a
/// distributed run, which group.
struct TrainingOptions {
    bool resume = false; // continue from the run folder's checkpoint, with the configuration saved there
    TrainingCallbacks callbacks {};
    core::CancelToken cancel {};
    DistributedLaunch launch {}; // distributed.h; one process by default
};

/// Trains into `runDir` (created if needed). With `resume`, continues from runDir's checkpoint.safetensors using
/// the configuration saved there (`config` is then ignored). Cancelling returns a summary with cancelled = true
/// and the last completed epoch's checkpoint. Errors: InvalidArgument (config; CUDA asked for but unavailable,
/// before anything is written), NotFound / InvalidFormat (dataset, nothing usable, no checkpoint to resume),
/// Unwritable (run folder), Internal (non-finite loss, LibTorch failure, a distributed group that cannot be joined
/// or lost a rank).
///
/// Distributed (`launch` with a world size above 1, distributed.h): every rank calls this with the same
/// configuration and run folder (shared storage when resuming). The ranks join a c10d Gloo group; rank 0 broadcasts
/// the initial (or resumed) state; each rank caches the features of its share of the images and the ranks exchange
/// them; each global batch of config.batchSize is split among the ranks, with BatchNorm statistics, loss sums and
/// gradients summed over them (see the private distributed_training.h), so the result equals one process's with the
/// same configuration (to float rounding) whatever the world size. Rank 0 alone writes the run folder, TensorBoard
/// and the registry; the other ranks' summaries carry the same metrics. A rank that dies or stalls beyond
/// launch.timeout ends the others with an Internal error that says so; the last checkpoint stays and every rank can
/// then resume. A cancel on any rank stops every rank before the same step (each returns cancelled = true).
core::Result<TrainingSummary> trainSegmentationHead(
    const TrainingConfig& config, const std::filesystem::path& runDir, const TrainingOptions& options = {});

} // namespace dinolens::inference
