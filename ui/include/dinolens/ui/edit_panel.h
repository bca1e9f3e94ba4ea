#pragma once
// The manual-correction dock: tool (navigate, brush, eraser, polygon), brush radius, class, undo/redo, and saving
// the shown mask as NIfTI or DICOM SEG, or the current slice as PNG. Only forwards to MaskEditController.
// Ownership: Qt parent/child; the controller must outlive the panel. Thread-safety: GUI thread only.

#include <QWidget>

class QComboBox;
class QPushButton;
class QSpinBox;

namespace dinolens::ui {

class MaskEditController;

enum class MaskFileFormat { Nifti, Png, DicomSeg };

class EditPanel : public QWidget {
    Q_OBJECT
public:
    EditPanel(MaskEditController* controller, QWidget* parent = nullptr);
    QComboBox* toolBox() const { return m_tool; }
    /// Asks for a file name, then saves the shown mask in `format` (off the GUI thread).
    void chooseSaveFile(MaskFileFormat format);

private:
    void updateButtons();

    MaskEditController* m_controller;
    QComboBox* m_tool;
    QSpinBox* m_radius;
    QComboBox* m_label;
    QPushButton* m_undo;
    QPushButton* m_redo;
};

} // namespace dinolens::ui
