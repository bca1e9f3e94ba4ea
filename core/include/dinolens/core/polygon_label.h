#pragma once
// Tumour outlines in the YOLO segmentation label format of the brain tumour dataset, and their rasterisation to
// a class mask.
//
// File format: one polygon per line, `class x1 y1 x2 y2 ... xn yn`, the YOLO class (0 glioma, 1 meningioma,
// 2 pituitary) followed by vertex coordinates normalised to [0, 1] of the image width (x, left to right) and
// height (y, top to bottom). A polygon is closed implicitly (the data usually repeats its first vertex).
// Our class ids add 1 to the YOLO class so that 0 can mean background in masks.
//
// Coordinates: normalised x in [0,1] spans the full image width, so x = 0 is the left edge of pixel column 0
// and x = 1 the right edge of the last column (pixel i covers [i, i+1) in pixel units, its centre is i + 0.5).
// A pixel belongs to a polygon when its centre lies inside (even-odd rule, half-open edges), which makes the
// rasterised area independent of the target resolution.
//
// Ownership: plain values. Thread-safety: all functions are pure (readPolygonLabel reads a file) and may run
// concurrently.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/result.h"

namespace dinolens::core {

enum class TumorClass : std::uint8_t { Background = 0, Glioma = 1, Meningioma = 2, Pituitary = 3 };

inline constexpr int kTumorClassCount = 4; // including background
inline constexpr int kYoloClassCount = 3; // glioma, meningioma, pituitary

/// "background", "glioma", "meningioma", "pituitary"; "unknown" for any other id.
const char* tumorClassName(int classId);

struct NormalizedPoint {
    double x = 0.0; // fraction of the image width, left to right
    double y = 0.0; // fraction of the image height, top to bottom
};

struct TumorPolygon {
    std::uint8_t classId = 0; // our id: 1 glioma, 2 meningioma, 3 pituitary
    std::vector<NormalizedPoint> points;
};

/// Defects found in a label. Every kind except ClampedCoordinate skips the polygon of its line.
enum class LabelProblemKind {
    ClampedCoordinate, // a coordinate slightly outside [0,1] (within the tolerance) was clamped; kept
    CoordinateOutOfRange, // a coordinate beyond the tolerance: the outline is wrong, not just rounded
    OddCoordinateCount, // an x without its y: which value is missing cannot be known
    ClassOutOfRange, // a YOLO class other than 0, 1, 2
    DegeneratePolygon, // fewer than 3 distinct vertices or zero area
};
inline constexpr int kLabelProblemKindCount = 5;

/// Stable lower-case name ("clamped_coordinate", "degenerate_polygon", ...).
const char* labelProblemKindName(LabelProblemKind kind);

struct LabelProblem {
    LabelProblemKind kind = LabelProblemKind::DegeneratePolygon;
    int line = 0; // 1-based line in the label
    std::string message; // with context (file and line) when known
    bool skipsPolygon() const { return kind != LabelProblemKind::ClampedCoordinate; }
};

struct PolygonLabel {
    std::vector<TumorPolygon> polygons; // the usable polygons, in file order
    std::vector<LabelProblem> problems; // warnings and skipped polygons, in file order
    int skippedPolygonCount() const;
};

struct LabelParseOptions {
    // Roboflow exports round vertices and sometimes land a hair outside the image; 0.01 (6 px at 640) is the
    // largest overshoot we treat as rounding rather than a wrong outline.
    double clampTolerance = 0.01;
    // Real labels are under 1 KiB (at most 46 vertices); anything near this is not a label file.
    std::size_t maxBytes = std::size_t { 1 } << 20;
};

/// Parses label text. An empty (or blank) text is valid and means "no tumour". Text that is not numbers, a
/// non-integer class, or a non-finite coordinate is an InvalidFormat error naming `context` and the line;
/// more text than options.maxBytes is TooLarge. Other defects are reported in `problems`.
Result<PolygonLabel> parsePolygonLabel(
    std::string_view text, const std::string& context = {}, const LabelParseOptions& options = {});

/// Reads and parses a label file (errors: NotFound, Unreadable, TooLarge before reading, InvalidFormat).
Result<PolygonLabel> readPolygonLabel(const std::filesystem::path& path, const LabelParseOptions& options = {});

/// Rasterises polygons into a width x height class mask (spacing 1), each polygon painted with its class id
/// over what earlier ones painted. Errors: InvalidArgument for a non-positive size or more than
/// kMaxRasterPixels pixels.
Result<LabelMask> rasterizePolygons(std::span<const TumorPolygon> polygons, int width, int height);

inline constexpr std::size_t kMaxRasterPixels = std::size_t { 1 } << 28;

} // namespace dinolens::core
