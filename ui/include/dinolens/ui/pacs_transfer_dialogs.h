#pragma once
// The two small dialogs of the PACS commands: Send to PACS (which node; also key slices as Secondary Capture) and
// Export Anonymised (output folder; dates removed, kept or shifted by a number of days).
// Ownership: Qt parent/child. Thread-safety: GUI thread only.

#include <QDialog>

#include <vector>

#include "dinolens/pacs/anonymizer.h"
#include "dinolens/pacs/pacs_node.h"
#include "dinolens/ui/pacs_actions.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace dinolens::ui {

class PacsSendDialog : public QDialog {
    Q_OBJECT
public:
    PacsSendDialog(const std::vector<pacs::PacsNode>& nodes, const QString& preferredNode, QWidget* parent = nullptr);
    PacsSendChoice choice() const;

private:
    QComboBox* m_node;
    QCheckBox* m_secondaryCapture;
};

class PacsExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit PacsExportDialog(QWidget* parent = nullptr);
    QString outFolder() const;
    pacs::AnonymizeOptions options() const;

private:
    QLineEdit* m_folder;
    QRadioButton* m_remove;
    QRadioButton* m_keep;
    QRadioButton* m_shift;
    QSpinBox* m_days;
};

} // namespace dinolens::ui
