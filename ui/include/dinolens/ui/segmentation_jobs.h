#pragma once
// Model loading and slice segmentation as background jobs (QtConcurrent::run with a QPromise), through the
// torch-free inference API. Results are plain values; exceptions never escape a job; cancelling (the token or the
// QFuture) ends a job early, between slices, without an error.
// Slices are the volume's stored slices (index k), windowed to 8 bits with the given window as the model's input.
// Thread-safety: start jobs from the GUI thread; a loaded predictor is immutable and shared by the jobs using it
// (SegmentationPredictor::predict is const and may run concurrently).

#include <QFuture>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/windowing.h"

namespace dinolens::inference {
class SegmentationPredictor;
}

namespace dinolens::ui {

struct ModelOutcome {
    QString runDir;
    std::shared_ptr<const inference::SegmentationPredictor> predictor; // null on error
    QString description; // "random-small, 112 px" for the window
    core::Status status = core::okStatus();
    QString warning; // the model loaded, but not as asked (CUDA unavailable: running on the CPU)
};

/// Opens the trained run in `runDir` (config.json + head) with `threads` intra-op threads (0: LibTorch's choice),
/// its backbone on the GPU when `useCuda` and CUDA is available, else on the CPU with a warning.
QFuture<ModelOutcome> loadModelAsync(const QString& runDir, int threads, bool useCuda = false);

struct SliceOutcome {
    int slice = -1; // k
    core::LabelMask mask; // dims[0] x dims[1] x 1 with the volume's in-plane spacing; empty when no tumour found
    float tumorProbability = 0.0f; // the slice's detection score (inference/tumor_detection.h)
    bool tumorPresent = false;
    core::Status status = core::okStatus();
};

/// One result per slice of `slices`, in order, each as soon as it is segmented; progress after every slice.
QFuture<SliceOutcome> segmentSlicesAsync(std::shared_ptr<const inference::SegmentationPredictor> predictor,
    std::shared_ptr<const core::Volume> volume, core::WindowLevel window, std::vector<int> slices,
    const core::CancelToken& cancel);

/// Whether a whole-series job fuses the three planes (inference::suitsThreePlanes: near-cubic voxels, >= 32 each way).
bool fusesThreePlanes(const core::Volume& volume);

/// The whole volume segmented in its three planes and fused per voxel (inference::segmentVolume, as
/// `dinolens-cli segment` does); progress over the three planes' slices in slice units (0 .. dims[2]); one result
/// per slice, all at the end, each with its fused mask and verdict. The model sees the volume windowed with
/// core::defaultWindow, as the CLI and training window it.
QFuture<SliceOutcome> segmentVolumeThreePlanesAsync(std::shared_ptr<const inference::SegmentationPredictor> predictor,
    std::shared_ptr<const core::Volume> volume, const core::CancelToken& cancel);

/// The trained runs (folders holding config.json) in `folder` itself or its direct subfolders, sorted.
/// Touches the file system (a few directory listings).
QStringList findModelRuns(const QString& folder);

/// Where the shipped demo model lives: $DINOLENS_MODELS, else the build's configured models/ folder.
QString defaultModelsFolder();

} // namespace dinolens::ui
