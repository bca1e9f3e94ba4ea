#pragma once
// Compare mode: two models side by side on the main window's series, with a third view of their disagreement
// (A only / B only / both) and a per-slice Dice strip (A vs B, and each vs the ground truth) that jumps to the
// slice clicked. Scroll (cursor), window/level and zoom/pan are synchronised with the main window's views.
// Each side has its own document sharing the main volume and its own SegmentationController.
// Ownership: a top-level window parented to the main window; the main document must outlive it.
// Thread-safety: GUI thread only.

#include <QWidget>

#include <array>

#include "dinolens/ui/slice_plane.h"

class QComboBox;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace dinolens::ui {

class DiceStrip;
class SegmentationController;
class SliceView;
class ViewerDocument;

class CompareWindow : public QWidget {
    Q_OBJECT
public:
    CompareWindow(ViewerDocument* mainDocument, QWidget* parent = nullptr);

    void setModelRuns(const QStringList& runs);
    /// Chooses the models (run folders) of the two sides.
    void setModels(const QString& runA, const QString& runB);
    /// Segments the whole series with both models (cached slices are not redone); false when refused.
    bool compare();
    void cancel();

    SegmentationController* controller(int side) const { return m_controllers[static_cast<std::size_t>(side)]; }
    ViewerDocument* document(int side) const { return m_documents[static_cast<std::size_t>(side)]; }
    /// Side 0: model A, 1: model B, 2: disagreement.
    SliceView* view(int side) const { return m_views[static_cast<std::size_t>(side)]; }
    DiceStrip* diceStrip() const { return m_strip; }
    QString statusText() const;

Q_SIGNALS:
    /// Both sides are done (completed, cancelled or failed).
    void comparisonFinished();

private:
    QWidget* createSide(int side);
    void ensureViews(ViewAxis axis);
    void linkDocument(ViewerDocument* document);
    void onMainVolumeChanged();
    void onMainMaskChanged();
    void copyWindow(const ViewerDocument* from);
    void copyZoom(const SliceView* from);
    void updateDisagreement();
    void updateStatus();

    ViewerDocument* m_main;
    std::array<ViewerDocument*, 3> m_documents {};
    std::array<SegmentationController*, 2> m_controllers {};
    std::array<SliceView*, 3> m_views {};
    std::array<QVBoxLayout*, 3> m_columns {};
    std::array<QComboBox*, 2> m_models {};
    QPushButton* m_compare;
    QPushButton* m_cancel;
    QLabel* m_status;
    DiceStrip* m_strip;
    bool m_syncing = false;
};

} // namespace dinolens::ui
