#include "dinolens/ui/settings_dialog.h"
#include "dinolens/inference/engine_module.h"
#include "dinolens/ui/pacs_settings_page.h"
#include "dinolens/ui/translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace dinolens::ui {

SettingsDialog::SettingsDialog(const ViewerSettings& settings, QWidget* parent)
    : QDialog(parent)
    , m_smooth(new QCheckBox(tr("Smooth (bilinear) display scaling"), this))
    , m_opacity(new QSpinBox(this))
    , m_filled(new QCheckBox(tr("Filled regions (else outlines)"), this))
    , m_thumbnail(new QSpinBox(this))
    , m_recent(new QSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_modelFolders(new QPlainTextEdit(this))
    , m_language(new QComboBox(this))
    , m_device(new QComboBox(this))
    , m_pacs(new PacsSettingsPage(settings, this))
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Preferences"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_opacity->setRange(0, 100);
    m_opacity->setSuffix(QStringLiteral(" %"));
    m_thumbnail->setRange(16, 256);
    m_thumbnail->setSuffix(tr(" px"));
    m_recent->setRange(1, 50);
    m_smooth->setChecked(settings.smoothScaling);
    m_opacity->setValue(settings.overlayOpacityPercent);
    m_filled->setChecked(settings.overlayFilled);
    m_thumbnail->setValue(settings.thumbnailSize);
    m_recent->setValue(settings.maxRecentFiles);
    m_language->setObjectName(QStringLiteral("languageBox"));
    for (const QString& code : availableLanguages()) {
        const QString name = code.isEmpty() ? tr("System language") : QLocale(code).nativeLanguageName();
        m_language->addItem(name, code);
    }
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language)));
    m_language->setToolTip(tr("Applies the next time DinoLens starts"));
    m_device->setObjectName(QStringLiteral("deviceBox"));
    m_device->addItem(tr("CPU"), false);
    m_device->addItem(tr("CUDA (NVIDIA GPU)"), true);
    m_device->setCurrentIndex(settings.useCuda ? 1 : 0);
    // Whether CUDA is there is LibTorch's answer: asked off the GUI thread, since it loads the engine module (about
    // half a second) when no model has run yet; the tooltip appears once it is known.
    auto* cuda = new QFutureWatcher<bool>(this);
    connect(cuda, &QFutureWatcher<bool>::finished, this, [this, cuda] {
        m_device->setToolTip(cuda->result()
                ? tr("Backbones run on the GPU; the small segmentation head stays on the CPU")
                : tr("This build of LibTorch has no CUDA or no NVIDIA GPU is present: models run on the "
                     "CPU, and the window says so"));
    });
    cuda->setFuture(QtConcurrent::run([] {
        const auto engine = inference::loadEngineModule();
        return engine && (*engine)->cudaAvailable();
    }));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("One per core"));
    m_threads->setValue(settings.threads);
    m_modelFolders->setObjectName(QStringLiteral("modelFolders"));
    m_modelFolders->setPlaceholderText(tr("One trained run folder (or folder of runs) per line"));
    m_modelFolders->setPlainText(settings.modelFolders.join(QLatin1Char('\n')));
    m_modelFolders->setMaximumHeight(fontMetrics().height() * 6);
    auto* form = new QFormLayout;
    form->addRow(m_smooth);
    form->addRow(tr("Overlay opacity"), m_opacity);
    form->addRow(m_filled);
    form->addRow(tr("Thumbnail size"), m_thumbnail);
    form->addRow(tr("Recent files kept"), m_recent);
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("Compute device"), m_device);
    form->addRow(tr("Model threads"), m_threads);
    form->addRow(tr("Model folders"), m_modelFolders);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* general = new QWidget(m_tabs);
    general->setLayout(form);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->addTab(general, tr("General"));
    m_tabs->addTab(m_pacs, tr("PACS"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
}

void SettingsDialog::showPacsPage()
{
    m_tabs->setCurrentWidget(m_pacs);
}

ViewerSettings SettingsDialog::settings() const
{
    ViewerSettings values;
    values.smoothScaling = m_smooth->isChecked();
    values.overlayOpacityPercent = m_opacity->value();
    values.overlayFilled = m_filled->isChecked();
    values.thumbnailSize = m_thumbnail->value();
    values.maxRecentFiles = m_recent->value();
    values.threads = m_threads->value();
    values.useCuda = m_device->currentData().toBool();
    values.language = m_language->currentData().toString();
    for (const QString& line : m_modelFolders->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty()) {
            values.modelFolders << line.trimmed();
        }
    }
    m_pacs->apply(values);
    return values;
}

ShortcutsDialog::ShortcutsDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard and Mouse Shortcuts"));
    setObjectName(QStringLiteral("shortcutsDialog"));
    const QList<QPair<QString, QString>> rows {
        { tr("Ctrl+O"), tr("Open files") },
        { tr("Ctrl+Shift+O"), tr("Open folder") },
        { tr("Ctrl+M"), tr("Open label mask") },
        { tr("Ctrl+P"), tr("Open from PACS") },
        { tr("Ctrl+E"), tr("Export screenshot of the active view") },
        { tr("Wheel, Up / Down"), tr("Next / previous slice") },
        { tr("Page Up / Page Down"), tr("Jump 10% of the slices") },
        { tr("Home / End"), tr("First / last slice") },
        { tr("Ctrl+Wheel"), tr("Zoom at the mouse cursor") },
        { tr("F"), tr("Fit the view to the window") },
        { tr("Left click / drag"), tr("Move the linked crosshair") },
        { tr("Right drag"), tr("Window (horizontal) and level (vertical)") },
        { tr("Middle drag"), tr("Pan") },
        { tr("1 ... 5"), tr("Window presets (default, then MRI presets)") },
        { tr("O"), tr("Show / hide the overlay") },
        { tr("Esc"), tr("Cancel the running job") },
        { tr("Ctrl+G / Ctrl+Shift+G"), tr("Segment the slice / the series") },
        { tr("Ctrl+K"), tr("Compare two models") },
        { tr("Ctrl+Shift+E"), tr("Feature explorer") },
        { tr("Ctrl+Z / Ctrl+Shift+Z"), tr("Undo / redo a mask edit") },
        { tr("F1"), tr("This help") },
    };
    auto* table = new QTableWidget(static_cast<int>(rows.size()), 2, this);
    table->setHorizontalHeaderLabels({ tr("Key / mouse"), tr("Action") });
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < rows.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(rows[row].first));
        table->setItem(row, 1, new QTableWidgetItem(rows[row].second));
    }
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table->resizeColumnsToContents();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(480, 520);
}

} // namespace dinolens::ui
