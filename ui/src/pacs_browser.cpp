#include "dinolens/ui/pacs_browser.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "error_text.h"

namespace dinolens::ui {
namespace {

enum Column { NameColumn, DateColumn, ModalityColumn, InstancesColumn, ColumnCount };

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

// DICOM dates for display: 20240131 -> 2024-01-31.
QString displayDate(const std::string& date)
{
    return date.size() == 8
        ? QStringLiteral("%1-%2-%3").arg(qs(date.substr(0, 4)), qs(date.substr(4, 2)), qs(date.substr(6, 2)))
        : qs(date);
}

QString displayName(const std::string& name)
{
    QString text = qs(name);
    text.replace(QLatin1Char('^'), QLatin1Char(' '));
    return text.simplified();
}

QLineEdit* field(QWidget* parent, const QString& name, const QString& placeholder)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

QLineEdit* dateField(QWidget* parent, const QString& name)
{
    QLineEdit* edit = field(parent, name, PacsBrowser::tr("YYYYMMDD"));
    edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,8}")), edit));
    return edit;
}

} // namespace

pacs::PacsQuery pacsQueryFrom(const PacsSearchFields& fields)
{
    pacs::PacsQuery query;
    query.level = pacs::QueryLevel::Study;
    query.patientName = fields.patientName.trimmed().toStdString();
    query.patientId = fields.patientId.trimmed().toStdString();
    query.birthDate = fields.birthDate.trimmed().toStdString();
    const QString from = fields.studyDateFrom.trimmed();
    const QString to = fields.studyDateTo.trimmed();
    if (!from.isEmpty() || !to.isEmpty()) {
        query.studyDate = from == to ? from.toStdString() : (from + QLatin1Char('-') + to).toStdString();
    }
    query.modality = fields.modality.trimmed().toUpper().toStdString();
    query.accessionNumber = fields.accessionNumber.trimmed().toStdString();
    return query;
}

PacsBrowser::PacsBrowser(QWidget* parent)
    : QDialog(parent)
    , m_node(new QComboBox(this))
    , m_patientName(field(this, QStringLiteral("patientName"), tr("e.g. DOE^J*  (wildcards * and ?)")))
    , m_patientId(field(this, QStringLiteral("patientId"), {}))
    , m_birthDate(dateField(this, QStringLiteral("birthDate")))
    , m_dateFrom(dateField(this, QStringLiteral("studyDateFrom")))
    , m_dateTo(dateField(this, QStringLiteral("studyDateTo")))
    , m_modality(new QComboBox(this))
    , m_accession(field(this, QStringLiteral("accessionNumber"), {}))
    , m_search(new QPushButton(tr("&Search"), this))
    , m_results(new QTreeWidget(this))
    , m_retrieveButton(new QPushButton(tr("&Retrieve and Open"), this))
    , m_cancelButton(new QPushButton(tr("Cancel Retrieve"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Open from PACS"));
    setObjectName(QStringLiteral("pacsBrowser"));
    m_node->setObjectName(QStringLiteral("pacsNode"));
    m_modality->setObjectName(QStringLiteral("modality"));
    m_modality->setEditable(true);
    m_modality->addItems({ QString(), QStringLiteral("MR"), QStringLiteral("CT"), QStringLiteral("PT"),
        QStringLiteral("SEG"), QStringLiteral("OT") });
    m_search->setObjectName(QStringLiteral("pacsSearchButton"));
    m_search->setDefault(true);
    m_retrieveButton->setObjectName(QStringLiteral("pacsRetrieveButton"));
    m_cancelButton->setObjectName(QStringLiteral("pacsCancelButton"));
    m_progress->setObjectName(QStringLiteral("pacsProgress"));
    m_progress->hide();
    m_status->setObjectName(QStringLiteral("pacsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_results->setObjectName(QStringLiteral("pacsResults"));
    m_results->setColumnCount(ColumnCount);
    m_results->setHeaderLabels({ tr("Patient / study / series"), tr("Date"), tr("Modality"), tr("Instances") });
    m_results->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_results->header()->setStretchLastSection(false);
    m_results->setMinimumHeight(220);

    auto* form = new QGridLayout;
    form->addWidget(new QLabel(tr("Node"), this), 0, 0);
    form->addWidget(m_node, 0, 1, 1, 3);
    form->addWidget(new QLabel(tr("Patient name"), this), 1, 0);
    form->addWidget(m_patientName, 1, 1);
    form->addWidget(new QLabel(tr("Patient ID"), this), 1, 2);
    form->addWidget(m_patientId, 1, 3);
    form->addWidget(new QLabel(tr("Birth date"), this), 2, 0);
    form->addWidget(m_birthDate, 2, 1);
    form->addWidget(new QLabel(tr("Accession number"), this), 2, 2);
    form->addWidget(m_accession, 2, 3);
    form->addWidget(new QLabel(tr("Study date from"), this), 3, 0);
    form->addWidget(m_dateFrom, 3, 1);
    form->addWidget(new QLabel(tr("to"), this), 3, 2);
    form->addWidget(m_dateTo, 3, 3);
    form->addWidget(new QLabel(tr("Modality"), this), 4, 0);
    form->addWidget(m_modality, 4, 1);
    form->addWidget(m_search, 4, 3);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_cancelButton);
    actions->addWidget(m_retrieveButton);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_results, 1);
    layout->addWidget(m_status);
    layout->addLayout(actions);
    layout->addWidget(close);
    resize(760, 560);

    connect(close, &QDialogButtonBox::rejected, this, &QDialog::hide);
    connect(m_search, &QPushButton::clicked, this, &PacsBrowser::search);
    connect(m_retrieveButton, &QPushButton::clicked, this, &PacsBrowser::retrieveCurrent);
    connect(m_cancelButton, &QPushButton::clicked, this, &PacsBrowser::cancelRetrieve);
    connect(m_results, &QTreeWidget::itemDoubleClicked, this, [this] { retrieveCurrent(); });
    connect(m_results, &QTreeWidget::currentItemChanged, this, &PacsBrowser::updateButtons);
    connect(m_searchJob.watcher(), &QFutureWatcherBase::finished, this, &PacsBrowser::onSearchFinished);
    connect(m_retrieve.watcher(), &QFutureWatcherBase::resultReadyAt, this, &PacsBrowser::onRetrieveResult);
    connect(m_retrieve.watcher(), &QFutureWatcherBase::finished, this, &PacsBrowser::onRetrieveFinished);
    connect(m_retrieve.watcher(), &QFutureWatcherBase::progressValueChanged, this, &PacsBrowser::onRetrieveProgress);
    connect(m_retrieve.watcher(), &QFutureWatcherBase::progressTextChanged, this, &PacsBrowser::onRetrieveProgress);
    updateButtons();
}

void PacsBrowser::setNodes(const std::vector<pacs::PacsNode>& nodes)
{
    const QString current = m_node->currentText();
    m_nodes = nodes;
    m_node->clear();
    for (const pacs::PacsNode& node : m_nodes) {
        m_node->addItem(qs(node.name));
        m_node->setItemData(m_node->count() - 1, qs(node.describe()), Qt::ToolTipRole);
    }
    m_node->setCurrentIndex(std::max(0, m_node->findText(current)));
    if (m_nodes.empty()) {
        setStatus(tr("No PACS node is configured: add one in Preferences > PACS."), true);
    }
    updateButtons();
}

void PacsBrowser::setFields(const PacsSearchFields& fields)
{
    m_patientName->setText(fields.patientName);
    m_patientId->setText(fields.patientId);
    m_birthDate->setText(fields.birthDate);
    m_dateFrom->setText(fields.studyDateFrom);
    m_dateTo->setText(fields.studyDateTo);
    m_modality->setCurrentText(fields.modality);
    m_accession->setText(fields.accessionNumber);
}

PacsSearchFields PacsBrowser::fields() const
{
    return { m_patientName->text(), m_patientId->text(), m_birthDate->text(), m_dateFrom->text(), m_dateTo->text(),
        m_modality->currentText(), m_accession->text() };
}

const pacs::PacsNode* PacsBrowser::currentNode() const
{
    const int index = m_node->currentIndex();
    return index >= 0 && index < static_cast<int>(m_nodes.size()) ? &m_nodes[static_cast<std::size_t>(index)] : nullptr;
}

void PacsBrowser::search()
{
    const pacs::PacsNode* node = currentNode();
    if (node == nullptr) {
        setStatus(tr("No PACS node is configured: add one in Preferences > PACS."), true);
        Q_EMIT searchFinished(false);
        return;
    }
    const pacs::PacsQuery query = pacsQueryFrom(fields());
    const pacs::PacsNode target = *node;
    setStatus(tr("Searching %1...").arg(qs(node->name)), false);
    m_search->setEnabled(false);
    m_searchJob.start(
        [target, query](const core::CancelToken& cancel) { return searchPacsAsync(target, query, cancel); });
}

void PacsBrowser::onSearchFinished()
{
    m_search->setEnabled(true);
    if (!m_searchJob.hasResult()) {
        setStatus(tr("Search cancelled."), false);
        Q_EMIT searchFinished(false);
        return;
    }
    showSearchOutcome(m_searchJob.result());
}

void PacsBrowser::showSearchOutcome(const PacsSearchOutcome& outcome)
{
    m_results->clear();
    m_seriesMatches.clear();
    if (!outcome.status) {
        setStatus(tr("The search failed: %1").arg(userMessage(outcome.status.error())), true);
        Q_EMIT searchFinished(false);
        return;
    }
    int seriesCount = 0;
    QStringList problems;
    for (const PacsStudyMatches& entry : outcome.studies) {
        seriesCount += addStudyRows(entry);
        if (!entry.seriesStatus) {
            problems << userMessage(entry.seriesStatus.error());
        }
    }
    m_results->expandAll();
    for (int column = DateColumn; column < ColumnCount; ++column) {
        m_results->resizeColumnToContents(column);
    }
    QString text = tr("%n study(ies), ", nullptr, static_cast<int>(outcome.studies.size()))
        + tr("%n series", nullptr, seriesCount);
    if (outcome.truncated) {
        text += tr("; more matched: narrow the search");
    }
    if (!problems.isEmpty()) {
        text += QLatin1Char('\n') + tr("Series lists missing: %1").arg(problems.join(QLatin1Char('\n')));
    }
    setStatus(text, !problems.isEmpty());
    updateButtons();
    Q_EMIT searchFinished(true);
}

int PacsBrowser::addStudyRows(const PacsStudyMatches& entry)
{
    const pacs::PacsMatch& study = entry.study;
    auto* studyItem = new QTreeWidgetItem(patientItem(study));
    studyItem->setText(NameColumn,
        study.studyDescription.empty() ? tr("Study %1").arg(qs(study.studyUid)) : qs(study.studyDescription));
    studyItem->setText(DateColumn, displayDate(study.studyDate));
    studyItem->setText(ModalityColumn, qs(study.modalities).replace(QLatin1Char('\\'), QLatin1Char(' ')));
    studyItem->setToolTip(
        NameColumn, tr("Accession %1\nStudy UID %2").arg(qs(study.accessionNumber), qs(study.studyUid)));
    int instances = 0;
    for (const pacs::PacsMatch& series : entry.series) {
        auto* item = new QTreeWidgetItem(studyItem);
        const QString description
            = series.seriesDescription.empty() ? tr("(no description)") : qs(series.seriesDescription);
        item->setText(NameColumn, tr("#%1 %2").arg(series.seriesNumber).arg(description));
        item->setText(ModalityColumn, qs(series.modalities));
        item->setText(InstancesColumn, series.instanceCount >= 0 ? QString::number(series.instanceCount) : tr("?"));
        item->setToolTip(NameColumn, tr("Series UID %1").arg(qs(series.seriesUid)));
        pacs::PacsMatch full = series;
        full.patientName = study.patientName;
        full.patientId = study.patientId;
        full.studyUid = study.studyUid;
        item->setData(NameColumn, kSeriesMatchRole, QVariant::fromValue(static_cast<int>(m_seriesMatches.size())));
        m_seriesMatches.push_back(std::move(full));
        instances += std::max(0, series.instanceCount);
    }
    studyItem->setText(InstancesColumn, QString::number(instances));
    return static_cast<int>(entry.series.size());
}

QTreeWidgetItem* PacsBrowser::patientItem(const pacs::PacsMatch& study)
{
    const QString key = qs(study.patientId + "\n" + study.patientName);
    for (int n = 0; n < m_results->topLevelItemCount(); ++n) {
        if (m_results->topLevelItem(n)->data(NameColumn, Qt::UserRole).toString() == key) {
            return m_results->topLevelItem(n);
        }
    }
    auto* item = new QTreeWidgetItem(m_results);
    item->setData(NameColumn, Qt::UserRole, key);
    item->setText(NameColumn, tr("%1  (ID %2)").arg(displayName(study.patientName), qs(study.patientId)));
    item->setText(DateColumn, study.birthDate.empty() ? QString() : tr("born %1").arg(displayDate(study.birthDate)));
    QFont bold = item->font(NameColumn);
    bold.setBold(true);
    item->setFont(NameColumn, bold);
    return item;
}

QString PacsBrowser::statusText() const
{
    return m_status->text();
}

void PacsBrowser::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #b03030; }") : QString());
}

void PacsBrowser::updateButtons()
{
    const bool retrieving = m_retrieve.isRunning();
    m_retrieveButton->setEnabled(!retrieving && m_results->currentItem() != nullptr && currentNode() != nullptr);
    m_cancelButton->setEnabled(retrieving);
    m_search->setEnabled(!m_searchJob.isRunning() && currentNode() != nullptr);
}

} // namespace dinolens::ui
