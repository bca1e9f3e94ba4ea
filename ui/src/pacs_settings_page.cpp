#include "dinolens/ui/pacs_settings_page.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "dinolens/ui/pacs_jobs.h"
#include "dinolens/ui/pacs_node_dialog.h"
#include "error_text.h"

namespace dinolens::ui {
namespace {

QString nodeLine(const pacs::PacsNode& node)
{
    const QString line
        = QStringLiteral("%1  —  %2").arg(QString::fromStdString(node.name), QString::fromStdString(node.describe()));
    return node.external ? line + PacsSettingsPage::tr("  (external: anonymised)") : line;
}

} // namespace

PacsSettingsPage::PacsSettingsPage(const ViewerSettings& settings, QWidget* parent)
    : QWidget(parent)
    , m_nodes(settings.pacsNodes)
    , m_list(new QListWidget(this))
    , m_edit(new QPushButton(tr("Edit..."), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_test(new QPushButton(tr("Test"), this))
    , m_testResult(new QLabel(this))
    , m_cacheFolder(new QLineEdit(settings.pacsCacheRoot(), this))
    , m_cacheCap(new QSpinBox(this))
    , m_usage(new QLabel(this))
{
    setObjectName(QStringLiteral("pacsSettingsPage"));
    m_list->setObjectName(QStringLiteral("pacsNodeList"));
    m_test->setObjectName(QStringLiteral("pacsTestButton"));
    m_testResult->setObjectName(QStringLiteral("pacsTestResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cacheFolder->setObjectName(QStringLiteral("pacsCacheFolder"));
    m_cacheCap->setObjectName(QStringLiteral("pacsCacheCap"));
    m_cacheCap->setRange(0, 10'000'000);
    m_cacheCap->setSingleStep(1024);
    m_cacheCap->setSuffix(tr(" MiB"));
    m_cacheCap->setSpecialValueText(tr("No cap"));
    m_cacheCap->setValue(settings.pacsCacheCapMegabytes);
    m_usage->setObjectName(QStringLiteral("pacsCacheUsage"));

    auto* add = new QPushButton(tr("Add..."), this);
    add->setObjectName(QStringLiteral("pacsAddButton"));
    auto* buttons = new QVBoxLayout;
    for (QPushButton* button : { add, m_edit, m_remove, m_test }) {
        buttons->addWidget(button);
    }
    buttons->addStretch(1);
    auto* nodes = new QHBoxLayout;
    nodes->addWidget(m_list, 1);
    nodes->addLayout(buttons);

    auto* browse = new QPushButton(tr("Browse..."), this);
    auto* folder = new QHBoxLayout;
    folder->addWidget(m_cacheFolder, 1);
    folder->addWidget(browse);
    auto* cache = new QFormLayout;
    cache->addRow(tr("Retrieve cache"), folder);
    cache->addRow(tr("Size cap"), m_cacheCap);
    cache->addRow(tr("In use"), m_usage);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("PACS nodes"), this));
    layout->addLayout(nodes, 1);
    layout->addWidget(m_testResult);
    layout->addLayout(cache);

    connect(add, &QPushButton::clicked, this, [this] { editNode(-1); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editNode(m_list->currentRow()); });
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this] { editNode(m_list->currentRow()); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeNode(m_list->currentRow()); });
    connect(m_test, &QPushButton::clicked, this, [this] { testNode(m_list->currentRow()); });
    connect(m_list, &QListWidget::currentRowChanged, this, &PacsSettingsPage::updateButtons);
    connect(browse, &QPushButton::clicked, this, &PacsSettingsPage::chooseCacheFolder);
    connect(m_cacheFolder, &QLineEdit::editingFinished, this, &PacsSettingsPage::measureUsage);
    connect(m_testJob.watcher(), &QFutureWatcherBase::finished, this, &PacsSettingsPage::onTestFinished);
    connect(m_usageJob.watcher(), &QFutureWatcherBase::finished, this, &PacsSettingsPage::onUsageMeasured);
    rebuildList();
    measureUsage();
}

void PacsSettingsPage::apply(ViewerSettings& settings) const
{
    settings.pacsNodes = m_nodes;
    settings.pacsCacheFolder = m_cacheFolder->text().trimmed();
    settings.pacsCacheCapMegabytes = m_cacheCap->value();
}

void PacsSettingsPage::setNode(int row, const pacs::PacsNode& node)
{
    if (row >= 0 && row < static_cast<int>(m_nodes.size())) {
        m_nodes[static_cast<std::size_t>(row)] = node;
    } else {
        m_nodes.push_back(node);
        row = static_cast<int>(m_nodes.size()) - 1;
    }
    rebuildList();
    m_list->setCurrentRow(row);
}

void PacsSettingsPage::removeNode(int row)
{
    if (row < 0 || row >= static_cast<int>(m_nodes.size())) {
        return;
    }
    m_nodes.erase(m_nodes.begin() + row);
    rebuildList();
}

void PacsSettingsPage::testNode(int row)
{
    if (row < 0 || row >= static_cast<int>(m_nodes.size())) {
        return;
    }
    const pacs::PacsNode node = m_nodes[static_cast<std::size_t>(row)];
    m_testedNode = QString::fromStdString(node.name);
    m_testResult->setStyleSheet({});
    m_testResult->setText(
        tr("Testing %1 (%2)...")
            .arg(m_testedNode, node.protocol == pacs::PacsProtocol::Dimse ? tr("C-ECHO") : tr("QIDO")));
    m_test->setEnabled(false);
    m_testJob.start([node](const core::CancelToken&) { return testPacsNodeAsync(node); });
}

QString PacsSettingsPage::testText() const
{
    return m_testResult->text();
}

QString PacsSettingsPage::usageText() const
{
    return m_usage->text();
}

void PacsSettingsPage::rebuildList()
{
    const int row = m_list->currentRow();
    m_list->clear();
    for (const pacs::PacsNode& node : m_nodes) {
        m_list->addItem(nodeLine(node));
    }
    m_list->setCurrentRow(std::min(row, m_list->count() - 1));
    updateButtons();
}

void PacsSettingsPage::editNode(int row)
{
    const bool adding = row < 0 || row >= static_cast<int>(m_nodes.size());
    pacs::PacsNode start;
    if (!adding) {
        start = m_nodes[static_cast<std::size_t>(row)];
    }
    PacsNodeDialog dialog(start, this);
    if (dialog.exec() == QDialog::Accepted) {
        setNode(adding ? -1 : row, dialog.node());
    }
}

void PacsSettingsPage::chooseCacheFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Retrieve Cache Folder"), m_cacheFolder->text());
    if (!folder.isEmpty()) {
        m_cacheFolder->setText(folder);
        measureUsage();
    }
}

void PacsSettingsPage::measureUsage()
{
    m_usage->setText(tr("measuring..."));
    const QString root = m_cacheFolder->text().trimmed();
    m_usageJob.start([root](const core::CancelToken&) { return pacsCacheUsageAsync(root); });
}

void PacsSettingsPage::onTestFinished()
{
    updateButtons();
    if (!m_testJob.hasResult()) {
        return;
    }
    const core::Status status = m_testJob.result();
    m_testResult->setStyleSheet(
        status ? QStringLiteral("QLabel { color: #2e7d32; }") : QStringLiteral("QLabel { color: #b03030; }"));
    m_testResult->setText(
        status ? tr("%1 answers.").arg(m_testedNode) : tr("%1: %2").arg(m_testedNode, userMessage(status.error())));
    Q_EMIT testFinished(status.ok());
}

void PacsSettingsPage::onUsageMeasured()
{
    if (!m_usageJob.hasResult()) {
        return;
    }
    const auto usage = m_usageJob.result();
    if (!usage) {
        m_usage->setText(userMessage(usage.error()));
    } else {
        const QLocale locale;
        m_usage->setText(tr("%1 in %n series", nullptr, usage->series)
                             .arg(locale.formattedDataSize(static_cast<qint64>(usage->bytes))));
    }
    Q_EMIT usageMeasured();
}

void PacsSettingsPage::updateButtons()
{
    const bool selected = m_list->currentRow() >= 0;
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_test->setEnabled(selected && !m_testJob.isRunning());
}

} // namespace dinolens::ui
