#pragma once
// A viewer session: what a radiologist needs to come back to a reading where it was left: the study opened,
// the series shown, the cursor (which sets the slice of each of the three views), zoom and pan of each view,
// window/level, the overlay settings (per class visibility, colour; opacity; fill or outline), the mask layer
// shown and the mask file loaded. Stored as JSON in a .dlsession file ({"format": "dinolens-session", "version": 1}).
// Paths are absolute. Indices: study and series are positions in the scan of studyPath; the cursor is a voxel
// index (i, j, k); zoom 1 = fit; pan in widget pixels (see view_transform.h).
// Ownership: plain values. Thread-safety: the functions are reentrant (file IO: call them off the GUI thread).

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>

#include "dinolens/core/result.h"
#include "dinolens/ui/slice_renderer.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {

struct ViewZoomPan {
    double zoom = 1.0;
    double panX = 0.0;
    double panY = 0.0;
};

struct ViewerSession {
    QString studyPath;
    int study = 0;
    int series = 0;
    QString seriesSource; // the series' first file, to check the series found is the one saved
    std::array<int, 3> cursor { 0, 0, 0 };
    std::array<int, 3> slices { 0, 0, 0 }; // slice shown by the axial, coronal, sagittal view (informative)
    std::array<ViewZoomPan, 3> views {}; // by ViewAxis
    double windowCenter = 0.0;
    double windowWidth = 1.0;
    QString windowName;
    OverlayStyle overlay;
    MaskLayer shownLayer = MaskLayer::GroundTruth;
    QStringList maskFiles;
};

inline constexpr const char* kSessionSuffix = "dlsession";

QJsonObject sessionToJson(const ViewerSession& session);
/// Missing fields keep their defaults. Errors: InvalidFormat (not a session, or no study path).
core::Result<ViewerSession> sessionFromJson(const QJsonObject& json);
/// Writes through a temporary file renamed into place. Errors: Unwritable (the old file is kept).
core::Status writeSessionFile(const QString& path, const ViewerSession& session);
/// Errors: Unreadable (cannot open), InvalidFormat (not JSON, not a session).
core::Result<ViewerSession> readSessionFile(const QString& path);

} // namespace dinolens::ui
