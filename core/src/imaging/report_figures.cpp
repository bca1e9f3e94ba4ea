#include "dinolens/core/report_figures.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <opencv2/imgproc.hpp>

#include "dinolens/core/atomic_file.h"
#include "dinolens/core/paired_statistics.h"
#include "dinolens/core/picture_reader.h"
#include "image_codecs.h"

namespace dinolens::core {

namespace {

const cv::Scalar kWhite(255, 255, 255);
const cv::Scalar kInk(40, 40, 40);
const cv::Scalar kGrid(225, 225, 225);
const cv::Scalar kTruth(0, 230, 255); // BGR yellow
// Series colours (BGR): blue, orange, green, purple.
const cv::Scalar kSeriesColours[] = { { 180, 119, 31 }, { 14, 127, 255 }, { 44, 160, 44 }, { 189, 103, 148 } };
// Class colours (BGR) as in the viewer's legend: glioma red, meningioma green, pituitary blue.
const cv::Vec3b kClassColours[] = { { 0, 0, 0 }, { 60, 60, 230 }, { 60, 190, 60 }, { 240, 140, 60 } };
const char* const kClassNames[] = { "background", "glioma", "meningioma", "pituitary" };

void putText(cv::Mat& canvas, const std::string& text, cv::Point origin, double scale = 0.45,
    const cv::Scalar& colour = kInk, int thickness = 1)
{
    cv::putText(canvas, text, origin, cv::FONT_HERSHEY_SIMPLEX, scale, colour, thickness, cv::LINE_AA);
}

Status writePng(const std::filesystem::path& path, const cv::Mat& image)
{
    const auto bytes = encodeImageBytes(".png", image, path.string());
    if (!bytes) {
        return bytes.error();
    }
    return writeFileAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
}

std::string formatValue(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", value);
    return text;
}

} // namespace

Status writeBoxPlotPng(
    const std::filesystem::path& path, const std::string& title, const std::vector<BoxPlotGroup>& groups)
{
    if (groups.empty()) {
        return makeError(ErrorCode::InvalidArgument, "a box plot needs at least one group", path.string());
    }
    size_t seriesCount = 1;
    for (const BoxPlotGroup& group : groups) {
        seriesCount = std::max(seriesCount, group.series.size());
    }
    const int boxWidth = 36;
    const int clusterWidth = std::max(120, static_cast<int>(seriesCount) * (boxWidth + 14) + 40);
    const int left = 60;
    const int top = 70;
    const int plotHeight = 360;
    int baseline = 0;
    const int titleWidth = cv::getTextSize(title, cv::FONT_HERSHEY_SIMPLEX, 0.6, 1, &baseline).width;
    const int width
        = std::max({ 420, left + titleWidth + 20, left + clusterWidth * static_cast<int>(groups.size()) + 30 });
    const int height = top + plotHeight + 70;
    cv::Mat canvas(height, width, CV_8UC3, kWhite);
    putText(canvas, title, { left, 28 }, 0.6, kInk, 1);
    const auto yOf = [&](double value) {
        return top + static_cast<int>(std::lround((1.0 - std::clamp(value, 0.0, 1.0)) * plotHeight));
    };
    for (int tick = 0; tick <= 10; tick += 2) {
        const int y = yOf(tick / 10.0);
        cv::line(canvas, { left, y }, { width - 20, y }, kGrid, 1);
        putText(canvas, formatValue(tick / 10.0), { left - 42, y + 5 }, 0.4);
    }
    cv::line(canvas, { left, top }, { left, top + plotHeight }, kInk, 1);
    // Legend: the series names of the first group that has the most series.
    for (const BoxPlotGroup& group : groups) {
        if (group.series.size() != seriesCount) {
            continue;
        }
        int x = left;
        for (size_t s = 0; s < group.series.size(); ++s) {
            cv::rectangle(canvas, cv::Rect(x, 40, 12, 12), kSeriesColours[s % 4], cv::FILLED);
            putText(canvas, group.series[s].label, { x + 16, 51 }, 0.42);
            x += 24 + static_cast<int>(group.series[s].label.size()) * 8;
        }
        break;
    }
    for (size_t g = 0; g < groups.size(); ++g) {
        const int clusterLeft = left + 20 + static_cast<int>(g) * clusterWidth;
        for (size_t s = 0; s < groups[g].series.size(); ++s) {
            const BoxPlotSeries& series = groups[g].series[s];
            const FiveNumberSummary summary = fiveNumberSummary(series.values);
            const int x = clusterLeft + static_cast<int>(s) * (boxWidth + 14);
            const cv::Scalar colour = kSeriesColours[s % 4];
            const auto count
                = std::count_if(series.values.begin(), series.values.end(), [](double v) { return !std::isnan(v); });
            putText(canvas, "n=" + std::to_string(count), { x, top + plotHeight + 18 }, 0.35);
            if (count == 0) {
                continue;
            }
            const int middle = x + boxWidth / 2;
            cv::line(canvas, { middle, yOf(summary.minimum) }, { middle, yOf(summary.q1) }, colour, 1);
            cv::line(canvas, { middle, yOf(summary.q3) }, { middle, yOf(summary.maximum) }, colour, 1);
            cv::line(canvas, { x + 8, yOf(summary.minimum) }, { x + boxWidth - 8, yOf(summary.minimum) }, colour, 1);
            cv::line(canvas, { x + 8, yOf(summary.maximum) }, { x + boxWidth - 8, yOf(summary.maximum) }, colour, 1);
            const cv::Rect box(x, yOf(summary.q3), boxWidth, std::max(1, yOf(summary.q1) - yOf(summary.q3)));
            cv::Mat region = canvas(box);
            cv::Mat tint(region.size(), region.type(), colour);
            cv::addWeighted(region, 0.65, tint, 0.35, 0.0, region);
            cv::rectangle(canvas, box, colour, 1);
            cv::line(canvas, { x, yOf(summary.median) }, { x + boxWidth, yOf(summary.median) }, kInk, 2);
            double sum = 0.0;
            for (double value : series.values) {
                sum += std::isnan(value) ? 0.0 : value;
            }
            cv::circle(canvas, { middle, yOf(sum / static_cast<double>(count)) }, 3, kInk, cv::FILLED, cv::LINE_AA);
        }
        const int used = static_cast<int>(groups[g].series.size()) * (boxWidth + 14) - 14;
        const int labelWidth = cv::getTextSize(groups[g].label, cv::FONT_HERSHEY_SIMPLEX, 0.5, 1, &baseline).width;
        putText(canvas, groups[g].label, { clusterLeft + (used - labelWidth) / 2, top + plotHeight + 42 }, 0.5);
    }
    return writePng(path, canvas);
}

namespace {

cv::Mat overlayPanel(const cv::Mat& grey, const LabelMask& truth, const LabelMask& prediction, int panelSize)
{
    cv::Mat colour;
    cv::cvtColor(grey, colour, cv::COLOR_GRAY2BGR);
    for (int y = 0; y < colour.rows; ++y) {
        auto* row = colour.ptr<cv::Vec3b>(y);
        for (int x = 0; x < colour.cols; ++x) {
            const uint8_t label
                = prediction.labels[static_cast<size_t>(y) * static_cast<size_t>(colour.cols) + static_cast<size_t>(x)];
            if (label > 0 && label < 4) {
                for (int c = 0; c < 3; ++c) {
                    row[x][c] = static_cast<uint8_t>((row[x][c] + kClassColours[label][c]) / 2);
                }
            }
        }
    }
    cv::Mat truthMask(grey.rows, grey.cols, CV_8UC1, const_cast<uint8_t*>(truth.labels.data()));
    cv::Mat binary = truthMask > 0;
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
    const double scale = static_cast<double>(panelSize) / std::max(grey.rows, grey.cols);
    cv::Mat resized;
    cv::resize(colour, resized, cv::Size(), scale, scale, cv::INTER_AREA);
    for (auto& contour : contours) {
        for (cv::Point& point : contour) {
            point = cv::Point(static_cast<int>(point.x * scale), static_cast<int>(point.y * scale));
        }
    }
    cv::drawContours(resized, contours, -1, kTruth, 1, cv::LINE_AA);
    cv::Mat panel(panelSize, panelSize, CV_8UC3, cv::Scalar(0, 0, 0));
    resized.copyTo(panel(cv::Rect(0, 0, resized.cols, resized.rows)));
    return panel;
}

} // namespace

Status writeOverlayMontagePng(const std::filesystem::path& path, const std::vector<OverlayCase>& cases, int panelSize)
{
    if (cases.empty() || panelSize < 32) {
        return makeError(ErrorCode::InvalidArgument, "no cases to draw", path.string());
    }
    size_t panels = 1;
    for (const OverlayCase& item : cases) {
        panels = std::max(panels, item.predictions.size());
    }
    const int captionHeight = 22;
    const int legendHeight = 30;
    // Single-panel cases are laid out four to a row; multi-panel cases one to a row.
    const int columns = panels == 1 ? std::min<int>(4, static_cast<int>(cases.size())) : 1;
    const int rows = (static_cast<int>(cases.size()) + columns - 1) / columns;
    const int cellWidth = static_cast<int>(panels) * (panelSize + 6);
    const int rowHeight = panelSize + captionHeight + 6;
    const int width = std::max(520, columns * cellWidth + 6);
    cv::Mat canvas(legendHeight + rows * rowHeight, width, CV_8UC3, kWhite);
    int x = 8;
    for (int c = 1; c < 4; ++c) {
        const cv::Vec3b& colour = kClassColours[c];
        cv::rectangle(canvas, cv::Rect(x, 9, 12, 12), cv::Scalar(colour[0], colour[1], colour[2]), cv::FILLED);
        putText(canvas, kClassNames[c], { x + 16, 20 }, 0.42);
        x += 120;
    }
    cv::rectangle(canvas, cv::Rect(x, 9, 12, 12), kTruth, 2);
    putText(canvas, "ground truth", { x + 16, 20 }, 0.42);
    for (size_t index = 0; index < cases.size(); ++index) {
        const OverlayCase& item = cases[index];
        const bool inMemory = !item.grey.empty()
            && item.grey.size() == static_cast<size_t>(item.truth.width()) * static_cast<size_t>(item.truth.height());
        int imageWidth = inMemory ? item.truth.width() : 0;
        int imageHeight = inMemory ? item.truth.height() : 0;
        std::vector<std::uint8_t> decoded;
        if (!inMemory) {
            auto pixels = readGreyPicture(item.image, imageWidth, imageHeight);
            if (!pixels) {
                return makeError(
                    ErrorCode::Unreadable, "cannot read the image: " + pixels.error().message, item.image.string());
            }
            decoded = std::move(*pixels);
        }
        const cv::Mat grey(
            imageHeight, imageWidth, CV_8UC1, inMemory ? const_cast<std::uint8_t*>(item.grey.data()) : decoded.data());
        const auto matches = [&](const LabelMask& mask) {
            return mask.width() == grey.cols && mask.height() == grey.rows
                && mask.labels.size() == static_cast<size_t>(grey.cols) * static_cast<size_t>(grey.rows);
        };
        if (!matches(item.truth)) {
            return makeError(
                ErrorCode::InvalidArgument, "ground truth size differs from the image", item.image.string());
        }
        const int y = legendHeight + static_cast<int>(index) / columns * rowHeight;
        const int cellLeft = 6 + static_cast<int>(index) % columns * cellWidth;
        // Hershey glyphs at scale 0.45 are about 9 px wide: cut the caption to its cell.
        const size_t fits = static_cast<size_t>(std::max(8, (cellWidth - 12) / 9));
        putText(canvas, item.caption.substr(0, fits), { cellLeft, y + 15 }, 0.45);
        for (size_t p = 0; p < item.predictions.size(); ++p) {
            if (!matches(item.predictions[p])) {
                return makeError(
                    ErrorCode::InvalidArgument, "prediction size differs from the image", item.image.string());
            }
            const cv::Mat panel = overlayPanel(grey, item.truth, item.predictions[p], panelSize);
            const int left = cellLeft + static_cast<int>(p) * (panelSize + 6);
            panel.copyTo(canvas(cv::Rect(left, y + captionHeight, panelSize, panelSize)));
            if (p < item.panelTitles.size()) {
                putText(canvas, item.panelTitles[p], { left + 4, y + captionHeight + 16 }, 0.45, kWhite);
            }
        }
    }
    return writePng(path, canvas);
}

} // namespace dinolens::core
