#pragma once
// The segmentation panel: model choice (the demo model and the configured run folders), "Segment Slice" and
// "Segment Series" with progress and cancel, the job state, which mask the overlay shows (prediction or ground
// truth), the verdict "tumour found or not" with its probability for the slice under the cursor and the series
// (with the series' predicted volume), and the Dice of the prediction against the ground truth (the slice under the
// cursor and all segmented slices). Only paints and forwards; the work is SegmentationController's. Ownership: Qt
// parent/child; controller and document must outlive the panel. Thread-safety: GUI thread only.

#include <QWidget>

#include <optional>

#include "dinolens/ui/segmentation_cache.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace dinolens::ui {

class SegmentationController;
class ViewerDocument;

class SegmentationPanel : public QWidget {
    Q_OBJECT
public:
    SegmentationPanel(SegmentationController* controller, ViewerDocument* document, QWidget* parent = nullptr);

    /// Offers these run folders (absolute paths), keeping the current choice when it is still there.
    void setModelRuns(const QStringList& runs);
    QStringList modelRuns() const;
    QComboBox* modelBox() const { return m_model; }
    QString diceText() const;
    QString stateText() const;

Q_SIGNALS:
    /// The user picked a folder to add to the model folders (the owner persists it and rescans).
    void modelFolderAdded(const QString& folder);

private:
    void chooseFolder();
    void updateState();
    void updateLayer();
    void updateDice();
    QString verdictText(
        const QString& what, const std::optional<TumorVerdict>& verdict, std::optional<double> millilitres) const;

    SegmentationController* m_controller;
    ViewerDocument* m_document;
    QComboBox* m_model;
    QPushButton* m_addModel;
    QPushButton* m_segmentSlice;
    QPushButton* m_segmentSeries;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_state;
    QComboBox* m_layer;
    QLabel* m_dice;
};

} // namespace dinolens::ui
