// Evaluation of a YOLO folder: each image decoded and predicted at its own size, its polygons rasterised at that
// size as the ground truth.
#include "dinolens/core/polygon_label.h"
#include "dinolens/core/tumor_dataset.h"
#include "segmentation_evaluation_detail.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

core::Result<core::LabelMask> truthMask(const core::TumorSample& sample, const core::LabelMask& predicted)
{
    if (!sample.labelPath) {
        return makeError(ErrorCode::NotFound, "no label file", sample.imagePath.string());
    }
    auto label = core::readPolygonLabel(*sample.labelPath);
    if (!label) {
        return label.error();
    }
    return core::rasterizePolygons(label->polygons, predicted.width(), predicted.height());
}

} // namespace

core::Status evaluateImageFolder(const SegmentationPredictor& predictor, const core::TumorSplit& split,
    const SegmentationEvaluationOptions& options, size_t limit, EvaluationReport& report)
{
    const size_t count = std::min(split.samples.size(), limit);
    for (size_t index = 0; index < count; ++index) {
        if (options.cancel.isCancelled()) {
            return makeError(ErrorCode::Cancelled, "evaluation cancelled");
        }
        const core::TumorSample& sample = split.samples[index];
        auto predicted = predictor.predictFile(sample.imagePath);
        auto truth = predicted ? truthMask(sample, predicted->mask) : core::Result<core::LabelMask>(predicted.error());
        auto image
            = truth ? evaluateImage(sample.stem, *truth, *predicted) : core::Result<ImageEvaluation>(truth.error());
        if (image) {
            image->imagePath = sample.imagePath;
            image->labelPath = sample.labelPath.value_or(std::filesystem::path());
        }
        addEvaluation(report, std::move(image));
        if (options.progress) {
            options.progress(static_cast<long long>(index + 1), static_cast<long long>(count), "evaluating");
        }
    }
    return core::okStatus();
}

} // namespace dinolens::inference::detail
