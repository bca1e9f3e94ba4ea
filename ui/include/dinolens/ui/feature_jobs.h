#pragma once
// Backbone features of a series for feature exploration, as a background job: each stored slice (k), windowed
// to 8 bits, goes through a trained run's backbone (SegmentationPredictor::predictBatch with patch grids), and one
// PCA projection is fitted jointly over all slices, so that a colour means the same feature on every slice.
// Thread-safety: start from the GUI thread; the outcome is a plain value.

#include <QFuture>
#include <QImage>
#include <QString>

#include <optional>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/core/result.h"
#include "dinolens/core/volume.h"
#include "dinolens/core/windowing.h"
#include "dinolens/inference/feature_maps.h"

namespace dinolens::ui {

struct SeriesFeatures {
    QString runDir;
    int layer = 0; // 0: the backbone's final normed output; k: the residual stream after layer k
    int backboneLayers = 0;
    std::vector<inference::FloatTensor> grids; // per slice k: [gh, gw, D]
    inference::PcaProjection projection; // fitted once over every slice
    core::Status status = core::okStatus(); // the job's error, or Cancelled

    bool ready() const { return status.ok() && !grids.empty(); }
    /// Slice k's PCA colours, one pixel per patch (null image when k is out of range).
    QImage pcaImage(int k) const;
    /// Cosine similarity of every patch of slice k to the patch at relative position (u, v) in [0, 1]
    /// (the grids of two backbones can differ in size), colour-mapped from -0 (dark) to 1 (bright).
    QImage similarityImage(int k, double u, double v) const;
};

QFuture<SeriesFeatures> computeSeriesFeaturesAsync(const QString& runDir, std::shared_ptr<const core::Volume> volume,
    core::WindowLevel window, const core::CancelToken& cancel, int layer = 0);

} // namespace dinolens::ui
