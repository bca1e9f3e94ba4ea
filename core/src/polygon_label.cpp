#include "dinolens/core/polygon_label.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

namespace dinolens::core {

namespace {

// Below this (in normalised units, i.e. a fraction of the image area) a polygon covers no pixel centre at any
// sane resolution; a few ulps of rounding on collinear points must still count as zero area.
constexpr double kMinPolygonArea = 1e-10;

std::string where(const std::string& context, int line)
{
    std::string text = context.empty() ? std::string("label") : context;
    return text + ":" + std::to_string(line);
}

std::vector<std::string_view> splitTokens(std::string_view line)
{
    std::vector<std::string_view> tokens;
    std::size_t pos = 0;
    while (pos < line.size()) {
        while (pos < line.size() && std::isspace(static_cast<unsigned char>(line[pos])) != 0) {
            ++pos;
        }
        const std::size_t start = pos;
        while (pos < line.size() && std::isspace(static_cast<unsigned char>(line[pos])) == 0) {
            ++pos;
        }
        if (pos > start) {
            tokens.push_back(line.substr(start, pos - start));
        }
    }
    return tokens;
}

template <typename T> std::optional<T> parseNumber(std::string_view token)
{
    T value {};
    const char* end = token.data() + token.size();
    const auto [ptr, ec] = std::from_chars(token.data(), end, value);
    if (ec != std::errc() || ptr != end) {
        return std::nullopt;
    }
    return value;
}

double signedArea(const std::vector<NormalizedPoint>& points)
{
    double twice = 0.0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const NormalizedPoint& a = points[i];
        const NormalizedPoint& b = points[(i + 1) % points.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return 0.5 * twice;
}

bool isDegenerate(const std::vector<NormalizedPoint>& points)
{
    std::set<std::pair<double, double>> distinct;
    for (const NormalizedPoint& p : points) {
        distinct.emplace(p.x, p.y);
    }
    return distinct.size() < 3 || std::abs(signedArea(points)) <= kMinPolygonArea;
}

struct LineOutcome {
    std::optional<TumorPolygon> polygon;
    std::vector<LabelProblem> problems;
};

// Clamps coordinates within tolerance of [0,1]; returns false when one is beyond it.
bool clampCoordinates(std::vector<double>& values, double tolerance, int& clamped)
{
    for (double& v : values) {
        if (v < -tolerance || v > 1.0 + tolerance) {
            return false;
        }
        if (v < 0.0 || v > 1.0) {
            v = std::clamp(v, 0.0, 1.0);
            ++clamped;
        }
    }
    return true;
}

Result<LineOutcome> parseLine(
    const std::vector<std::string_view>& tokens, const std::string& at, const LabelParseOptions& options)
{
    const auto yoloClass = parseNumber<int>(tokens[0]);
    if (!yoloClass) {
        return makeError(ErrorCode::InvalidFormat,
            "class id '" + std::string(tokens[0]) + "' is not an integer; not a YOLO label line", at);
    }
    std::vector<double> values;
    values.reserve(tokens.size() - 1);
    for (std::size_t t = 1; t < tokens.size(); ++t) {
        const auto value = parseNumber<double>(tokens[t]);
        if (!value || !std::isfinite(*value)) {
            return makeError(ErrorCode::InvalidFormat,
                "coordinate " + std::to_string(t) + " '" + std::string(tokens[t]) + "' is not a finite number", at);
        }
        values.push_back(*value);
    }

    LineOutcome outcome;
    const auto skip = [&](LabelProblemKind kind, const std::string& why) {
        outcome.problems.push_back(LabelProblem { kind, 0, at + ": " + why + "; polygon skipped" });
        return outcome;
    };
    if (values.size() % 2 != 0) {
        return skip(
            LabelProblemKind::OddCoordinateCount, "odd number of coordinates (" + std::to_string(values.size()) + ")");
    }
    if (*yoloClass < 0 || *yoloClass >= kYoloClassCount) {
        return skip(LabelProblemKind::ClassOutOfRange,
            "class " + std::to_string(*yoloClass) + " outside 0.." + std::to_string(kYoloClassCount - 1));
    }
    int clamped = 0;
    if (!clampCoordinates(values, options.clampTolerance, clamped)) {
        return skip(LabelProblemKind::CoordinateOutOfRange, "coordinate outside [0,1] beyond the tolerance");
    }
    if (clamped > 0) {
        outcome.problems.push_back(LabelProblem { LabelProblemKind::ClampedCoordinate, 0,
            at + ": " + std::to_string(clamped) + " coordinate(s) slightly outside [0,1] clamped" });
    }
    TumorPolygon polygon;
    polygon.classId = static_cast<std::uint8_t>(*yoloClass + 1);
    for (std::size_t v = 0; v + 1 < values.size(); v += 2) {
        polygon.points.push_back(NormalizedPoint { values[v], values[v + 1] });
    }
    if (isDegenerate(polygon.points)) {
        return skip(LabelProblemKind::DegeneratePolygon,
            "degenerate polygon (" + std::to_string(polygon.points.size())
                + " vertices, fewer than 3 distinct or zero area)");
    }
    outcome.polygon = std::move(polygon);
    return outcome;
}

} // namespace

const char* tumorClassName(int classId)
{
    switch (classId) {
    case 0:
        return "background";
    case 1:
        return "glioma";
    case 2:
        return "meningioma";
    case 3:
        return "pituitary";
    default:
        return "unknown";
    }
}

const char* labelProblemKindName(LabelProblemKind kind)
{
    switch (kind) {
    case LabelProblemKind::ClampedCoordinate:
        return "clamped_coordinate";
    case LabelProblemKind::CoordinateOutOfRange:
        return "coordinate_out_of_range";
    case LabelProblemKind::OddCoordinateCount:
        return "odd_coordinate_count";
    case LabelProblemKind::ClassOutOfRange:
        return "class_out_of_range";
    case LabelProblemKind::DegeneratePolygon:
        return "degenerate_polygon";
    }
    return "unknown";
}

int PolygonLabel::skippedPolygonCount() const
{
    return static_cast<int>(
        std::count_if(problems.begin(), problems.end(), [](const LabelProblem& p) { return p.skipsPolygon(); }));
}

Result<PolygonLabel> parsePolygonLabel(
    std::string_view text, const std::string& context, const LabelParseOptions& options)
{
    if (text.size() > options.maxBytes) {
        return makeError(ErrorCode::TooLarge,
            "label text of " + std::to_string(text.size()) + " bytes exceeds the limit of "
                + std::to_string(options.maxBytes) + "; not a polygon label",
            context);
    }
    PolygonLabel label;
    int lineNumber = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNumber;
        const std::vector<std::string_view> tokens = splitTokens(line);
        if (tokens.empty()) {
            continue;
        }
        auto outcome = parseLine(tokens, where(context, lineNumber), options);
        if (!outcome) {
            return outcome.error();
        }
        for (LabelProblem& problem : outcome->problems) {
            problem.line = lineNumber;
            label.problems.push_back(std::move(problem));
        }
        if (outcome->polygon) {
            label.polygons.push_back(std::move(*outcome->polygon));
        }
    }
    return label;
}

Result<PolygonLabel> readPolygonLabel(const std::filesystem::path& path, const LabelParseOptions& options)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return makeError(ErrorCode::NotFound, "label file does not exist", path.string());
    }
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (ec) {
        return makeError(ErrorCode::Unreadable, "cannot read the label file size: " + ec.message(), path.string());
    }
    if (size > options.maxBytes) {
        return makeError(ErrorCode::TooLarge,
            "label file of " + std::to_string(size) + " bytes exceeds the limit of " + std::to_string(options.maxBytes)
                + "; not a polygon label",
            path.string());
    }
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        return makeError(ErrorCode::Unreadable, "cannot open the label file", path.string());
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    stream.read(text.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(stream.gcount()) != size) {
        return makeError(ErrorCode::Unreadable, "the label file could not be read completely", path.string());
    }
    return parsePolygonLabel(text, path.string(), options);
}

namespace {

// Fills the pixels whose centres lie inside one polygon (even-odd rule). cv::fillPoly was the first choice, but
// it paints every pixel the outline touches: a 4x4-pixel square comes out 5x5, a half-pixel dilation whose
// relative size changes with the target resolution. Sampling pixel centres keeps areas resolution-independent.
void fillPolygon(const TumorPolygon& polygon, LabelMask& mask)
{
    const int width = mask.width();
    const int height = mask.height();
    std::vector<double> xs;
    std::vector<double> crossings;
    std::vector<double> ys;
    for (const NormalizedPoint& p : polygon.points) {
        xs.push_back(p.x * width);
        ys.push_back(p.y * height);
    }
    const std::size_t n = xs.size();
    const auto [minY, maxY] = std::minmax_element(ys.begin(), ys.end());
    const int firstRow = std::max(0, static_cast<int>(std::floor(*minY)));
    const int lastRow = std::min(height - 1, static_cast<int>(std::ceil(*maxY)));
    for (int row = firstRow; row <= lastRow; ++row) {
        const double yc = row + 0.5;
        crossings.clear();
        for (std::size_t e = 0; e < n; ++e) {
            const std::size_t f = (e + 1) % n;
            // Half-open in y so that a vertex exactly on a scanline is counted once.
            if ((ys[e] <= yc) != (ys[f] <= yc)) {
                crossings.push_back(xs[e] + (yc - ys[e]) * (xs[f] - xs[e]) / (ys[f] - ys[e]));
            }
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t c = 0; c + 1 < crossings.size(); c += 2) {
            // Pixel i is inside when its centre i + 0.5 lies in [left, right).
            const int first = std::max(0, static_cast<int>(std::ceil(crossings[c] - 0.5)));
            const int last = std::min(width, static_cast<int>(std::ceil(crossings[c + 1] - 0.5)));
            for (int column = first; column < last; ++column) {
                mask.at(column, row) = polygon.classId;
            }
        }
    }
}

} // namespace

Result<LabelMask> rasterizePolygons(std::span<const TumorPolygon> polygons, int width, int height)
{
    if (width <= 0 || height <= 0
        || static_cast<std::size_t>(width) * static_cast<std::size_t>(height) > kMaxRasterPixels) {
        return makeError(ErrorCode::InvalidArgument,
            "mask size " + std::to_string(width) + "x" + std::to_string(height) + " must be positive and at most "
                + std::to_string(kMaxRasterPixels) + " pixels");
    }
    LabelMask mask = LabelMask::zeros(width, height);
    for (const TumorPolygon& polygon : polygons) {
        if (polygon.points.size() >= 3) {
            fillPolygon(polygon, mask);
        }
    }
    return mask;
}

} // namespace dinolens::core
