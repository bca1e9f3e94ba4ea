#pragma once
// `dinolens-cli bench ui`: how the real viewer widgets perform, behind a Qt-free interface so that the
// command-line tool (Qt-free by design) can call it. Runs its own offscreen QApplication (QT_QPA_PLATFORM is set
// to "offscreen" unless already set) on the calling thread, which must be the process's main thread, with no
// other QApplication alive.
// 1. Slice render: a 512 x 512 slice (the real NIfTI volume resampled in-plane) with a segmentation overlay,
//    painted by the real SliceView into an image (QWidget::render); p50 / p95 / max over `renderFrames` frames,
//    each after a slice change so that the slice is composed again. Goal: p95 <= 8 ms.
// 2. GUI stall: a 1 ms QTimer on the GUI thread records the gaps between its ticks while the viewer's own
//    background job (SegmentationController) segments every slice of a real series with a real run folder.
//    Goal: longest gap <= 50 ms.
// Units: milliseconds. Thread-safety: see above.

#include <string>

namespace dinolens::ui {

struct UiBenchmarkOptions {
    std::string
        volumePath; // NIfTI volume for both parts; "" = <data>/nifti/brain-tumor-progression/01/Post_Scan_T1.nii.gz
    std::string maskPath; // its mask; "" = the Post_Mask beside it
    std::string modelDir; // trained run folder (config.json); "" = skip the stall part
    int renderFrames = 200;
    int threads = 1; // LibTorch threads of the segmentation job
};

struct UiBenchmarkResult {
    double renderP50Ms = 0.0;
    double renderP95Ms = 0.0;
    double renderMaxMs = 0.0;
    int renderFrames = 0;
    bool stallMeasured = false;
    double stallMaxMs = 0.0;
    double stallP99Ms = 0.0;
    int segmentedSlices = 0;
    double segmentSeconds = 0.0;
    std::string error; // non-empty when the benchmark could not run
};

inline constexpr double kRenderGoalMs = 8.0;
inline constexpr double kStallGoalMs = 50.0;

UiBenchmarkResult runUiBenchmark(const UiBenchmarkOptions& options);

} // namespace dinolens::ui
