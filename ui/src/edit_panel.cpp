#include "dinolens/ui/edit_panel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "dinolens/core/polygon_label.h"
#include "dinolens/ui/mask_edit_controller.h"

namespace dinolens::ui {

EditPanel::EditPanel(MaskEditController* controller, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_tool(new QComboBox(this))
    , m_radius(new QSpinBox(this))
    , m_label(new QComboBox(this))
    , m_undo(new QPushButton(tr("Undo"), this))
    , m_redo(new QPushButton(tr("Redo"), this))
{
    setObjectName(QStringLiteral("editPanel"));
    m_tool->setObjectName(QStringLiteral("editToolBox"));
    m_tool->addItems({ tr("Navigate"), tr("Brush"), tr("Eraser"), tr("Polygon") });
    m_tool->setToolTip(tr("Brush, eraser and polygon draw with the left button in the view of the stored slices"));
    m_radius->setRange(1, 50);
    m_radius->setValue(3);
    m_radius->setSuffix(tr(" voxels"));
    for (int c = 1; c < 4; ++c) {
        m_label->addItem(QString::fromUtf8(core::tumorClassName(c)), c);
    }
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo->setShortcut(QKeySequence::Redo);
    auto* saveNifti = new QPushButton(tr("Save NIfTI..."), this);
    auto* savePng = new QPushButton(tr("Save PNG..."), this);
    auto* saveSeg = new QPushButton(tr("Save DICOM SEG..."), this);
    saveSeg->setObjectName(QStringLiteral("saveDicomSegButton"));
    saveSeg->setToolTip(tr("Save the mask as a DICOM Segmentation of the shown DICOM series"));
    auto* form = new QFormLayout;
    form->addRow(tr("Tool"), m_tool);
    form->addRow(tr("Radius"), m_radius);
    form->addRow(tr("Class"), m_label);
    auto* buttons = new QGridLayout;
    buttons->addWidget(m_undo, 0, 0);
    buttons->addWidget(m_redo, 0, 1);
    buttons->addWidget(saveNifti, 1, 0);
    buttons->addWidget(savePng, 1, 1);
    buttons->addWidget(saveSeg, 2, 0, 1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addStretch(1);
    connect(m_tool, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_controller->setTool(static_cast<EditTool>(index)); });
    connect(m_radius, &QSpinBox::valueChanged, this, [this](int value) { m_controller->setBrushRadius(value); });
    connect(m_label, &QComboBox::currentIndexChanged, this,
        [this] { m_controller->setLabel(m_label->currentData().toInt()); });
    connect(m_undo, &QPushButton::clicked, controller, &MaskEditController::undo);
    connect(m_redo, &QPushButton::clicked, controller, &MaskEditController::redo);
    connect(saveNifti, &QPushButton::clicked, this, [this] { chooseSaveFile(MaskFileFormat::Nifti); });
    connect(savePng, &QPushButton::clicked, this, [this] { chooseSaveFile(MaskFileFormat::Png); });
    connect(saveSeg, &QPushButton::clicked, this, [this] { chooseSaveFile(MaskFileFormat::DicomSeg); });
    connect(controller, &MaskEditController::historyChanged, this, &EditPanel::updateButtons);
    updateButtons();
}

void EditPanel::chooseSaveFile(MaskFileFormat format)
{
    QString title = tr("Save Mask as NIfTI");
    QString name = QStringLiteral("mask.nii.gz");
    QString filter = tr("NIfTI (*.nii.gz *.nii)");
    if (format == MaskFileFormat::Png) {
        title = tr("Save Slice Mask as PNG");
        name = QStringLiteral("mask.png");
        filter = tr("PNG (*.png)");
    } else if (format == MaskFileFormat::DicomSeg) {
        title = tr("Save Mask as DICOM SEG");
        name = QStringLiteral("mask.seg.dcm");
        filter = tr("DICOM (*.dcm)");
    }
    const QString file = QFileDialog::getSaveFileName(this, title, name, filter);
    if (file.isEmpty()) {
        return;
    }
    switch (format) {
    case MaskFileFormat::Nifti:
        m_controller->saveNifti(file);
        break;
    case MaskFileFormat::Png:
        m_controller->savePng(file);
        break;
    case MaskFileFormat::DicomSeg:
        m_controller->saveDicomSeg(file);
        break;
    }
}

void EditPanel::updateButtons()
{
    m_undo->setEnabled(m_controller->canUndo());
    m_redo->setEnabled(m_controller->canRedo());
}

} // namespace dinolens::ui
