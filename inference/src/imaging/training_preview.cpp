#include "training_preview.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <numeric>

#include <opencv2/imgproc.hpp>

#include "dinolens/core/picture_encoding.h"
#include "logit_decoding.h"

namespace dinolens::inference::detail {
namespace {

// Class colours (BGR) as in the viewer's legend: glioma red, meningioma green, pituitary blue.
const cv::Vec3b kClassColours[] = { { 0, 0, 0 }, { 60, 60, 230 }, { 60, 190, 60 }, { 240, 140, 60 } };
const cv::Scalar kTruthOutline(0, 230, 255);
constexpr double kFillOpacity = 0.45;

core::Result<core::TensorBoardImage> renderOverlay(
    const TrainingSample& sample, int side, const uint8_t* predicted, size_t index)
{
    cv::Mat grey(side, side, CV_32F, const_cast<float*>(sample.grey.data()));
    cv::Mat grey8;
    grey.convertTo(grey8, CV_8U, 255.0);
    cv::Mat canvas;
    cv::cvtColor(grey8, canvas, cv::COLOR_GRAY2BGR);
    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const uint8_t label = predicted[static_cast<size_t>(y * side + x)];
            if (label > 0 && label < 4) {
                cv::Vec3b& pixel = canvas.at<cv::Vec3b>(y, x);
                for (int c = 0; c < 3; ++c) {
                    pixel[c] = cv::saturate_cast<uint8_t>(
                        (1.0 - kFillOpacity) * pixel[c] + kFillOpacity * kClassColours[label][c]);
                }
            }
        }
    }
    cv::Mat truth(side, side, CV_8U, const_cast<uint8_t*>(sample.mask.data()));
    std::vector<std::vector<cv::Point>> outlines;
    cv::findContours(truth > 0, outlines, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    cv::drawContours(canvas, outlines, -1, kTruthOutline, 1, cv::LINE_8);
    if (side > kPreviewMaxSide) {
        cv::resize(canvas, canvas, cv::Size(kPreviewMaxSide, kPreviewMaxSide), 0, 0, cv::INTER_AREA);
    }
    core::TensorBoardImage image;
    image.tag = "predictions/" + std::to_string(index) + "_" + sample.stem;
    image.width = canvas.cols;
    image.height = canvas.rows;
    image.channels = 3;
    const cv::Mat packed = canvas.isContinuous() ? canvas : canvas.clone();
    auto png
        = core::encodePicture({ packed.data, packed.cols, packed.rows, core::PixelOrder::Bgr }, ".png", sample.stem);
    if (!png) {
        return png.error();
    }
    image.encoded.assign(png->begin(), png->end());
    return image;
}

} // namespace

core::Result<std::vector<core::TensorBoardImage>> renderTrainingPreviews(TrainingSession& session)
{
    std::vector<size_t> indices(std::min(kPreviewImages, session.data.samples.size()));
    std::iota(indices.begin(), indices.end(), size_t { 0 });
    if (indices.empty()) {
        return std::vector<core::TensorBoardImage> {};
    }
    at::NoGradGuard noGrad;
    auto features = evaluationFeatures(session, session.data, session.cache ? &*session.cache : nullptr, indices);
    if (!features) {
        return features.error();
    }
    const int side = session.data.resolution;
    const at::Tensor predicted = detail::classIds(session.head.forward(*features, side, side, false));
    std::vector<core::TensorBoardImage> images;
    for (size_t i = 0; i < indices.size(); ++i) {
        const uint8_t* labels = predicted.data_ptr<uint8_t>() + i * static_cast<size_t>(side * side);
        auto image = renderOverlay(session.data.samples[indices[i]], side, labels, i);
        if (!image) {
            return image.error();
        }
        images.push_back(std::move(*image));
    }
    return images;
}

} // namespace dinolens::inference::detail
