#pragma once
// The state the three slice views share: the loaded volume (possibly a partial preview while the series
// streams in), the label mask, the cursor voxel that links the crosshairs, the window/level and its presets, and
// the overlay style. Views observe it and write to it; it does no IO and no heavy compute.
// Coordinates: the cursor is a voxel index (i, j, k) of the current volume. Windows in real-world units.
// Ownership: volume and mask are shared immutable values (std::shared_ptr<const ...>), so a finished background
// job can hand them over without copying. Thread-safety: GUI thread only.

#include <QObject>
#include <QString>

#include <array>
#include <memory>
#include <vector>

#include "dinolens/core/label_mask.h"
#include "dinolens/core/volume.h"
#include "dinolens/ui/slice_renderer.h"

namespace dinolens::ui {

/// Which label mask the overlay shows: the ground truth (a loaded mask) or a model's prediction.
enum class MaskLayer { GroundTruth, Prediction };

/// A volume ready to show, as produced by the load job.
struct LoadedVolume {
    std::shared_ptr<const core::Volume> volume;
    std::vector<core::WindowLevel> windows; // the default window first, then the MRI presets
    double minValue = 0.0; // real-world value range, for the W/L drag sensitivity
    double maxValue = 1.0;
    bool complete = true; // false for the first-slice preview of a streaming series
    int expectedSlices = 0; // slices the complete volume will have
    QString patient;
    QString series;
    QString sourcePath; // the series' first file
};

class ViewerDocument : public QObject {
    Q_OBJECT
public:
    explicit ViewerDocument(QObject* parent = nullptr);

    void setVolume(const LoadedVolume& loaded);
    void clear();
    const LoadedVolume& loaded() const { return m_loaded; }
    const core::Volume* volume() const { return m_loaded.volume.get(); }
    bool hasVolume() const { return m_loaded.volume && !m_loaded.volume->empty(); }

    /// The ground truth: a mask with the volume's dims (others are refused: returns false). nullptr removes it.
    bool setMask(std::shared_ptr<const core::LabelMask> mask);
    /// A model's prediction with the volume's dims (else false); shown at once. nullptr removes it.
    bool setPrediction(std::shared_ptr<const core::LabelMask> mask);
    /// The mask the overlay shows (the shown layer's); nullptr when that layer is empty.
    const core::LabelMask* mask() const;
    const core::LabelMask* groundTruth() const { return m_mask.get(); }
    std::shared_ptr<const core::LabelMask> sharedGroundTruth() const { return m_mask; }
    const core::LabelMask* prediction() const { return m_prediction.get(); }
    MaskLayer shownLayer() const { return m_shownLayer; }
    void setShownLayer(MaskLayer layer);

    std::array<int, 3> cursor() const { return m_cursor; }
    /// Clamped to the volume; emits cursorChanged when it moved.
    void setCursor(std::array<int, 3> voxel);

    const core::WindowLevel& window() const { return m_window; }
    void setWindow(const core::WindowLevel& window);

    const OverlayStyle& overlayStyle() const { return m_overlayStyle; }
    void setOverlayStyle(const OverlayStyle& style);

Q_SIGNALS:
    void volumeChanged();
    void maskChanged();
    void cursorChanged();
    void windowChanged();
    void overlayStyleChanged();

private:
    LoadedVolume m_loaded;
    std::shared_ptr<const core::LabelMask> m_mask;
    std::shared_ptr<const core::LabelMask> m_prediction;
    MaskLayer m_shownLayer = MaskLayer::GroundTruth;
    std::array<int, 3> m_cursor { 0, 0, 0 };
    core::WindowLevel m_window;
    OverlayStyle m_overlayStyle;
};

} // namespace dinolens::ui
