#pragma once
// Segmentation of a whole volume, slice by slice in the acquired plane, and the files a segmented volume is
// reported with. Slices are windowed as the viewer and the server window them (core::defaultWindow +
// core::windowSlice, the same 8-bit path as training) and go through the network `batch` at a time; only the
// current batch's slices are held, so memory is the volume, its mask and one batch.
// The series verdict follows tumor_detection.h: the score is the largest slice score, and the volume holds a
// tumour when any slice does (a slice without one contributes an empty mask).
// Three-plane fusion: a volume whose voxels are close to cubic is also segmented along its two reformatted planes
// (volume_planes.h orients them), and the three answers are fused per voxel: the tumour probability is the median
// of the three planes' (two planes must agree), a voxel is tumour when at least two planes' masks give it a tumour
// class (each plane's mask is empty on its slices without a tumour; the class most of them give, on a tie that of
// the most confident plane), and the acquired slices' scores are taken on the fused probabilities; a slice holds a
// tumour when its score reaches the threshold and some voxel of it is tumour. A false alarm that one plane sees and
// the others do not is dropped; a tumour, which every plane shows, is kept. Memory then adds the windowed volume
// (one byte a voxel) and the two reformatted planes' answers (five bytes a voxel each); the acquired plane runs last
// and is fused slice by slice.
// Torch-free public API. Thread-safety: reentrant; the predictor is shared read-only.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/lesion_measurements.h"
#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "dinolens/inference/segmentation_predictor.h"

namespace dinolens::inference {

/// Which planes a volume is segmented in. Auto: all three when suitsThreePlanes(volume), else the acquired one;
/// Three: all three whatever the voxel spacing, but a volume with fewer than kMinFusedVoxels along an axis (a 2-D
/// image, a thin slab) has no usable reformatted planes and is segmented in the acquired plane.
enum class SlicePlanes { Auto, Acquired, Three };
const char* slicePlanesName(SlicePlanes planes); // "auto", "acquired", "three"

/// Whether Auto fuses three planes: voxel sides within a factor 1.5 of each other and at least 32 voxels along every
/// axis, so that each reformatted slice looks like an image the network knows.
bool suitsThreePlanes(const core::Volume& volume);
inline constexpr int kMinFusedVoxels = 32;
/// Whether every axis has at least kMinFusedVoxels voxels (the reformatted planes are usable).
bool hasReformattedPlanes(const core::Volume& volume);

struct VolumeSegmentationOptions {
    int batch = 8; // slices per forward pass
    SlicePlanes planes = SlicePlanes::Auto;
    core::CancelToken cancel {}; // polled between batches
    core::ProgressSink progress {}; // (slices done, slices total, "segmenting")
};

struct VolumeSegmentation {
    core::LabelMask mask; // the volume's dims and spacing, class ids 0..3
    float tumorProbability = 0.0f; // the largest slice score
    bool tumorPresent = false; // any slice holds a tumour
    std::vector<float> sliceProbabilities; // one per slice k
    bool threePlanes = false; // the answer fuses the three planes
};

/// Segments every slice of `volume` (in the planes options.planes chooses). Errors: InvalidArgument (an empty
/// volume, batch < 1), Cancelled, and those of SegmentationPredictor::predictBatch.
core::Result<VolumeSegmentation> segmentVolume(
    const SegmentationPredictor& predictor, const core::Volume& volume, const VolumeSegmentationOptions& options = {});

/// One batch of slices through a model, each prediction with its tumour map when asked: SegmentationPredictor's
/// predictBatch, or a server's batching queue that pools the slices of several requests.
using SliceBatchPredictor = std::function<core::Result<std::vector<SlicePrediction>>(
    const std::vector<GreySliceView>& slices, bool withTumorMap)>;
/// As above with the slices sent through `predict`; `detection` is the run's (the fused slice scores use it).
core::Result<VolumeSegmentation> segmentVolume(const SliceBatchPredictor& predict, const DetectionSettings& detection,
    const core::Volume& volume, const VolumeSegmentationOptions& options = {});

struct VolumeReportOptions {
    std::string input; // what was segmented, as the user named it
    std::string model; // the run folder, or "demo"
    int montageSlices = 8; // panels of overlay.png
};

struct VolumeReport {
    std::vector<core::LesionMeasurement> lesions;
    std::string summaryJson; // the content of summary.json
    std::vector<std::filesystem::path> files; // the files written
};

/// Writes into `folder` (created if missing): mask.nii.gz (uint8 class ids in the volume's geometry),
/// segmentation.dcm (a DICOM SEG, for a DICOM volume in which a tumour was found), summary.json, lesions.csv and
/// overlay.png (the slices holding tumour, else the middle slices). Errors: InvalidArgument (the mask does not
/// fit the volume), Unwritable, and those of the writers.
core::Result<VolumeReport> writeVolumeReport(const std::filesystem::path& folder, const core::Volume& volume,
    const VolumeSegmentation& segmentation, const VolumeReportOptions& options);

/// lesions.csv: class, volume_ml, centroid_l/p/s_mm, longest/perpendicular diameter (mm), their slice, slice range.
std::string lesionsCsv(const std::vector<core::LesionMeasurement>& lesions);

} // namespace dinolens::inference
