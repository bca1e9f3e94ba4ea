#include "dinolens/ui/pacs_transfer_dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace dinolens::ui {

PacsSendDialog::PacsSendDialog(const std::vector<pacs::PacsNode>& nodes, const QString& preferredNode, QWidget* parent)
    : QDialog(parent)
    , m_node(new QComboBox(this))
    , m_secondaryCapture(new QCheckBox(tr("Also send the key slices with the overlay (Secondary Capture)"), this))
{
    setWindowTitle(tr("Send to PACS"));
    setObjectName(QStringLiteral("pacsSendDialog"));
    m_node->setObjectName(QStringLiteral("sendNode"));
    for (const pacs::PacsNode& node : nodes) {
        const QString name = QString::fromStdString(node.name);
        m_node->addItem(node.external ? tr("%1 (external: anonymised first)").arg(name) : name, name);
    }
    m_node->setCurrentIndex(std::max(0, m_node->findData(preferredNode)));
    m_secondaryCapture->setObjectName(QStringLiteral("sendSecondaryCapture"));
    auto* form = new QFormLayout;
    form->addRow(tr("Node"), m_node);
    form->addRow(m_secondaryCapture);
    auto* explanation
        = new QLabel(tr("The shown mask goes into the study it was made from as a DICOM SEG series."), this);
    explanation->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Send"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!nodes.empty());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

PacsSendChoice PacsSendDialog::choice() const
{
    return { m_node->currentData().toString(), m_secondaryCapture->isChecked() };
}

PacsExportDialog::PacsExportDialog(QWidget* parent)
    : QDialog(parent)
    , m_folder(new QLineEdit(this))
    , m_remove(new QRadioButton(tr("Remove dates (the profile's default)"), this))
    , m_keep(new QRadioButton(tr("Keep dates (--keep-dates)"), this))
    , m_shift(new QRadioButton(tr("Shift dates by"), this))
    , m_days(new QSpinBox(this))
{
    setWindowTitle(tr("Export Anonymised"));
    setObjectName(QStringLiteral("pacsExportDialog"));
    m_folder->setObjectName(QStringLiteral("exportFolder"));
    m_remove->setChecked(true);
    m_days->setRange(-36500, 36500);
    m_days->setValue(-30);
    m_days->setSuffix(tr(" days"));
    auto* browse = new QPushButton(tr("Browse..."), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Export Folder"), m_folder->text());
        if (!folder.isEmpty()) {
            m_folder->setText(folder);
        }
    });
    auto* folder = new QHBoxLayout;
    folder->addWidget(m_folder, 1);
    folder->addWidget(browse);
    auto* shift = new QHBoxLayout;
    shift->addWidget(m_shift);
    shift->addWidget(m_days);
    shift->addStretch(1);
    auto* explanation = new QLabel(tr("The shown study's files, de-identified after DICOM PS3.15's Basic Application "
                                      "Level Confidentiality Profile; UIDs are replaced consistently. Images with "
                                      "burned-in annotation are refused."),
        this);
    explanation->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout;
    form->addRow(tr("Folder"), folder);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_remove);
    layout->addWidget(m_keep);
    layout->addLayout(shift);
    layout->addWidget(buttons);
}

QString PacsExportDialog::outFolder() const
{
    return m_folder->text().trimmed();
}

pacs::AnonymizeOptions PacsExportDialog::options() const
{
    pacs::AnonymizeOptions options;
    options.dates = m_keep->isChecked() ? pacs::DateHandling::Keep
        : m_shift->isChecked()          ? pacs::DateHandling::Shift
                                        : pacs::DateHandling::Remove;
    options.shiftDays = m_shift->isChecked() ? m_days->value() : 0;
    return options;
}

} // namespace dinolens::ui
