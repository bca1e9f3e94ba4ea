#include "dinolens/ui/dicom_tag_panel.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

#include "error_text.h"

namespace dinolens::ui {

DicomTagPanel::DicomTagPanel(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_note(new QLabel(this))
    , m_table(new QTableWidget(0, 4, this))
{
    setObjectName(QStringLiteral("dicomTagPanel"));
    m_filter->setPlaceholderText(tr("Filter tags (keyword, tag or value)"));
    m_filter->setClearButtonEnabled(true);
    m_note->setWordWrap(true);
    m_note->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long file names must not widen the dock
    m_table->setHorizontalHeaderLabels({ tr("Tag"), tr("Keyword"), tr("VR"), tr("Value") });
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_filter);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    connect(m_filter, &QLineEdit::textChanged, this, &DicomTagPanel::applyFilter);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_watcher.future().resultCount() > 0) {
            onListed(m_watcher.result());
        }
    });
    showFile({});
}

void DicomTagPanel::showFile(const QString& path)
{
    if (path == m_path && !path.isEmpty()) {
        return;
    }
    m_path = path;
    const bool dicom = !path.isEmpty() && !path.endsWith(QStringLiteral(".nii"), Qt::CaseInsensitive)
        && !path.endsWith(QStringLiteral(".nii.gz"), Qt::CaseInsensitive)
        && !path.contains(
            QRegularExpression(QStringLiteral("\\.(png|jpe?g|bmp|tiff?)$"), QRegularExpression::CaseInsensitiveOption));
    m_table->setRowCount(0);
    if (!dicom) {
        m_note->setText(path.isEmpty() ? tr("No image") : tr("Not a DICOM file: no tags to show."));
        return;
    }
    m_note->setText(tr("Reading tags..."));
    m_watcher.setFuture(listTagsAsync(path));
}

void DicomTagPanel::onListed(const TagListOutcome& outcome)
{
    if (outcome.path != m_path) {
        return;
    }
    if (!outcome.status) {
        m_note->setText(userMessage(outcome.status.error()));
        return;
    }
    m_note->setText(QFileInfo(outcome.path).fileName());
    m_table->setRowCount(static_cast<int>(outcome.tags.size()));
    int row = 0;
    for (const auto& tag : outcome.tags) {
        const QStringList cells { QString::fromStdString(tag.tag), QString::fromStdString(tag.keyword),
            QString::fromStdString(tag.vr), QString::fromStdString(tag.value) };
        for (int column = 0; column < cells.size(); ++column) {
            m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
        }
        ++row;
    }
    fitColumns();
    applyFilter();
    Q_EMIT tagsShown(outcome.path);
}

void DicomTagPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

void DicomTagPanel::fitColumns()
{
    // Tag and VR at their content; the keyword gets at most a third of the width so the value stays visible.
    m_table->resizeColumnToContents(0);
    m_table->resizeColumnToContents(2);
    m_table->resizeColumnToContents(1);
    const int keyword = std::min(m_table->columnWidth(1), std::max(60, m_table->viewport()->width() / 3));
    m_table->setColumnWidth(1, keyword);
}

void DicomTagPanel::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        bool match = needle.isEmpty();
        for (int column = 0; column < 4 && !match; ++column) {
            match = m_table->item(row, column)->text().contains(needle, Qt::CaseInsensitive);
        }
        m_table->setRowHidden(row, !match);
    }
}

int DicomTagPanel::rowCount() const
{
    return m_table->rowCount();
}

QString DicomTagPanel::valueOf(const QString& keyword) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 1)->text() == keyword) {
            return m_table->item(row, 3)->text();
        }
    }
    return {};
}

} // namespace dinolens::ui
