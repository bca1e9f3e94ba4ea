#pragma once
// Manual correction of the mask the overlay shows (the prediction or the ground truth): brush, eraser and
// polygon (a freehand outline filled on release) through MaskEditor, undo/redo of strokes, and saving as NIfTI
// (the volume's geometry), as DICOM SEG (DICOM series only) or as a PNG of the slice under the cursor. Saving runs off
// the GUI thread. Strokes come from SliceView::editStroke in voxels (i, j, k). Each finished stroke goes back to the
// document as the edited layer. Ownership: QObject child of its owner; the document must outlive it. Thread-safety: GUI
// thread only.

#include <QObject>
#include <QString>

#include <array>
#include <functional>
#include <vector>

#include "dinolens/core/result.h"
#include "dinolens/ui/background_job.h"
#include "dinolens/ui/mask_editor.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {

enum class EditTool { None, Brush, Eraser, Polygon };

class MaskEditController : public QObject {
    Q_OBJECT
public:
    explicit MaskEditController(ViewerDocument* document, QObject* parent = nullptr);

    EditTool tool() const { return m_tool; }
    void setTool(EditTool tool);
    void setBrushRadius(double voxels) { m_radius = voxels; }
    void setLabel(int classId) { m_label = static_cast<std::uint8_t>(classId); }
    bool canUndo() const { return m_editor.canUndo(); }
    bool canRedo() const { return m_editor.canRedo(); }
    void undo();
    void redo();
    /// Writes the shown mask as NIfTI (.nii/.nii.gz) / slice k as an 8-bit PNG of class ids; savedFile follows.
    void saveNifti(const QString& path);
    void savePng(const QString& path);
    /// Writes the shown mask as a DICOM Segmentation of the shown DICOM series (checked by reading it back);
    /// savedFile follows, with an error for a series that is not DICOM.
    void saveDicomSeg(const QString& path);

    /// From the views: phase 0 press, 1 drag, 2 release.
    void onStroke(int phase, int i, int j, int k);

Q_SIGNALS:
    void toolChanged();
    void historyChanged();
    void savedFile(const QString& path, const QString& error);

private:
    bool prepare();
    void commit();
    /// Runs `write` off the GUI thread; savedFile(path, "" or the error) follows.
    void startSave(const QString& path, std::function<core::Status()> write);

    ViewerDocument* m_document;
    MaskEditor m_editor;
    EditTool m_tool = EditTool::None;
    double m_radius = 3.0;
    std::uint8_t m_label = 1;
    MaskLayer m_layer = MaskLayer::Prediction;
    bool m_ready = false;
    bool m_committing = false;
    std::vector<std::array<double, 2>> m_outline;
    std::array<double, 2> m_last { 0.0, 0.0 }; // the stroke's previous point (voxels)
    BackgroundJob<core::Status> m_save;
    QString m_savePath;
};

} // namespace dinolens::ui
