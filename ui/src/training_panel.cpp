#include "dinolens/ui/training_panel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "dinolens/core/data_location.h"
#include "dinolens/inference/base_model.h"
#include "dinolens/inference/model_registry.h"
#include "dinolens/ui/training_controller.h"
#include "dinolens/ui/training_plot.h"

namespace dinolens::ui {
namespace {

QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const QString& title)
{
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(QStringLiteral("..."), row);
    browse->setMaximumWidth(32);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, title] {
        const QString folder = QFileDialog::getExistingDirectory(edit, title, edit->text());
        if (!folder.isEmpty()) {
            edit->setText(folder);
        }
    });
    return row;
}

QString newRunFolder()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(base).filePath(
        QStringLiteral("runs/run-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
}

} // namespace

TrainingPanel::TrainingPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent)
    , m_data(new QLineEdit(this))
    , m_backbone(new QComboBox(this))
    , m_epochs(new QSpinBox(this))
    , m_batch(new QSpinBox(this))
    , m_learningRate(new QDoubleSpinBox(this))
    , m_resolution(new QSpinBox(this))
    , m_maxImages(new QSpinBox(this))
    , m_validSplit(new QLineEdit(this))
    , m_validMaxImages(new QSpinBox(this))
    , m_runFolder(new QLineEdit(this))
    , m_start(new QPushButton(tr("Start"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_resume(new QPushButton(tr("Resume"), this))
    , m_state(new QLabel(this))
    , m_plot(new TrainingPlot(this))
    , m_controller(controller)
{
    setObjectName(QStringLiteral("trainingPanel"));
    const inference::TrainingConfig defaults;
    m_data->setText(QDir::cleanPath(QString::fromStdString((core::dataRoot() / "brain-tumor").string())));
    m_backbone->setEditable(true);
    m_backbone->addItem(QString::fromUtf8(inference::kRandomSmallModel));
    for (const auto& known : inference::knownCheckpoints()) {
        m_backbone->addItem(QStringLiteral("random:") + QString::fromStdString(known.shortName));
    }
    m_backbone->setToolTip(tr("A snapshot folder of a DINOv2/DINOv3 checkpoint, or random weights for a smoke run"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(defaults.epochs);
    m_batch->setRange(1, 256);
    m_batch->setValue(defaults.batchSize);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(1e-5, 1.0);
    m_learningRate->setSingleStep(1e-4);
    m_learningRate->setValue(defaults.learningRate);
    m_resolution->setRange(32, 1024);
    m_resolution->setSingleStep(16);
    m_resolution->setSuffix(tr(" px"));
    m_resolution->setValue(defaults.resolution);
    m_maxImages->setRange(0, 1000000);
    m_maxImages->setSpecialValueText(tr("all"));
    m_validSplit->setText(QString::fromStdString(defaults.validSplit));
    m_validSplit->setPlaceholderText(tr("none"));
    m_validSplit->setToolTip(tr("Dataset split scored after every epoch (validation loss and Dice); empty: none"));
    m_validMaxImages->setRange(0, 1000000);
    m_validMaxImages->setSpecialValueText(tr("all"));
    m_validMaxImages->setToolTip(tr("Validate on the first images of the split only"));
    m_runFolder->setText(newRunFolder());
    m_state->setObjectName(QStringLiteral("trainingState"));
    m_start->setObjectName(QStringLiteral("trainStartButton"));
    m_stop->setObjectName(QStringLiteral("trainStopButton"));
    m_resume->setObjectName(QStringLiteral("trainResumeButton"));
    m_state->setWordWrap(false);
    m_state->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);

    layoutWidgets();
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_resume, &QPushButton::clicked, this, &TrainingPanel::resumeTraining);
    connect(m_stop, &QPushButton::clicked, controller, &TrainingController::stop);
    connect(controller, &TrainingController::stateChanged, this, &TrainingPanel::updateState);
    connect(controller, &TrainingController::progressTextChanged, this, &TrainingPanel::updateState);
    connect(controller, &TrainingController::curvesChanged, this,
        [this] { m_plot->showCurves(m_controller->curves(), m_controller->previousCurves()); });
    updateState();
}

void TrainingPanel::layoutWidgets()
{
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Dataset"), withBrowse(m_data, this, tr("Dataset Folder")));
    form->addRow(tr("Backbone"), m_backbone);
    auto* numbers = new QHBoxLayout;
    numbers->addWidget(m_epochs);
    numbers->addWidget(new QLabel(tr("Batch"), this));
    numbers->addWidget(m_batch);
    form->addRow(tr("Epochs"), numbers);
    auto* rates = new QHBoxLayout;
    rates->addWidget(m_learningRate);
    rates->addWidget(new QLabel(tr("Size"), this));
    rates->addWidget(m_resolution);
    form->addRow(tr("LR"), rates);
    form->addRow(tr("Images"), m_maxImages);
    auto* validation = new QHBoxLayout;
    validation->addWidget(m_validSplit);
    validation->addWidget(new QLabel(tr("Images"), this));
    validation->addWidget(m_validMaxImages);
    form->addRow(tr("Validation"), validation);
    form->addRow(tr("Run folder"), withBrowse(m_runFolder, this, tr("Run Folder")));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_resume);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_state);
    layout->addWidget(m_plot, 1);
}

inference::TrainingConfig TrainingPanel::config() const
{
    inference::TrainingConfig config;
    config.datasets = { { m_data->text().trimmed().toStdString(), 1.0 } };
    config.baseModel = { m_backbone->currentText().trimmed().toStdString() };
    config.epochs = m_epochs->value();
    config.batchSize = m_batch->value();
    config.learningRate = m_learningRate->value();
    config.resolution = m_resolution->value();
    config.maxImages = m_maxImages->value();
    config.validSplit = m_validSplit->text().trimmed().toStdString();
    config.validMaxImages = m_validMaxImages->value();
    return config;
}

void TrainingPanel::setDataFolder(const QString& folder)
{
    m_data->setText(folder);
}
void TrainingPanel::setRunFolder(const QString& folder)
{
    m_runFolder->setText(folder);
}
QString TrainingPanel::runFolder() const
{
    return m_runFolder->text().trimmed();
}
void TrainingPanel::setEpochs(int epochs)
{
    m_epochs->setValue(epochs);
}
void TrainingPanel::setBatchSize(int batch)
{
    m_batch->setValue(batch);
}
void TrainingPanel::setLearningRate(double rate)
{
    m_learningRate->setValue(rate);
}
void TrainingPanel::setResolution(int pixels)
{
    m_resolution->setValue(pixels);
}
void TrainingPanel::setMaxImages(int images)
{
    m_maxImages->setValue(images);
}
void TrainingPanel::setValidationSplit(const QString& split)
{
    m_validSplit->setText(split);
}
void TrainingPanel::setValidationMaxImages(int images)
{
    m_validMaxImages->setValue(images);
}

bool TrainingPanel::startTraining()
{
    if (QDir(runFolder()).exists(QStringLiteral("config.json"))) {
        setRunFolder(newRunFolder()); // a fresh run never overwrites an earlier one
    }
    return m_controller->start(config(), runFolder(), false);
}

bool TrainingPanel::resumeTraining()
{
    return m_controller->start(config(), runFolder(), true);
}

void TrainingPanel::updateState()
{
    const bool active = m_controller->isActive();
    m_start->setEnabled(!active);
    m_resume->setEnabled(!active);
    m_stop->setEnabled(active);
    QString text;
    switch (m_controller->state()) {
    case core::JobState::Idle:
        text = tr("Ready to train.");
        break;
    case core::JobState::Scheduled:
    case core::JobState::Running:
        text = tr("Training: %1").arg(m_controller->progressText());
        break;
    case core::JobState::Cancelling:
        text = tr("Stopping after the current batch...");
        break;
    case core::JobState::Cancelled:
        text = tr("Stopped; Resume continues from the last epoch.");
        break;
    case core::JobState::Completed:
        text = tr("Finished: %1").arg(QDir(m_controller->runDir()).dirName());
        break;
    case core::JobState::Failed:
        text = tr("Training failed: %1").arg(m_controller->lastError());
        break;
    }
    m_state->setText(text);
    m_state->setToolTip(m_controller->runDir());
}

QString TrainingPanel::stateText() const
{
    return m_state->text();
}

} // namespace dinolens::ui
