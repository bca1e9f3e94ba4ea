#include "dinolens/ui/segmentation_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {
namespace {

QString stateName(core::JobState state)
{
    switch (state) {
    case core::JobState::Idle:
        return SegmentationPanel::tr("Idle");
    case core::JobState::Scheduled:
        return SegmentationPanel::tr("Loading the model...");
    case core::JobState::Running:
        return SegmentationPanel::tr("Segmenting...");
    case core::JobState::Cancelling:
        return SegmentationPanel::tr("Cancelling...");
    case core::JobState::Cancelled:
        return SegmentationPanel::tr("Cancelled");
    case core::JobState::Completed:
        return SegmentationPanel::tr("Completed");
    case core::JobState::Failed:
        return SegmentationPanel::tr("Failed");
    }
    return {};
}

QString diceString(const std::optional<core::OverlapScore>& score)
{
    return score ? QString::number(score->dice, 'f', 3) : QStringLiteral("-");
}

} // namespace

SegmentationPanel::SegmentationPanel(SegmentationController* controller, ViewerDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_document(document)
    , m_model(new QComboBox(this))
    , m_addModel(new QPushButton(QStringLiteral("+"), this))
    , m_segmentSlice(new QPushButton(tr("Slice"), this))
    , m_segmentSeries(new QPushButton(tr("Series"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_state(new QLabel(this))
    , m_layer(new QComboBox(this))
    , m_dice(new QLabel(this))
{
    setObjectName(QStringLiteral("segmentationPanel"));
    m_model->setObjectName(QStringLiteral("modelBox"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_model->setMinimumContentsLength(8);
    m_addModel->setMaximumWidth(m_addModel->fontMetrics().horizontalAdvance(QStringLiteral("+")) * 4);
    m_addModel->setToolTip(tr("Add a trained run folder (or a folder of runs) to the model list"));
    m_segmentSlice->setObjectName(QStringLiteral("segmentSliceButton"));
    m_segmentSlice->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    m_segmentSlice->setToolTip(tr("Segment the slice under the cursor (Ctrl+G)"));
    m_segmentSeries->setObjectName(QStringLiteral("segmentSeriesButton"));
    m_segmentSeries->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_segmentSeries->setToolTip(tr("Segment every slice of the series (Ctrl+Shift+G)"));
    m_cancel->setObjectName(QStringLiteral("segmentCancelButton"));
    m_state->setObjectName(QStringLiteral("segmentationState"));
    m_state->setWordWrap(true);
    m_dice->setObjectName(QStringLiteral("diceLabel"));
    m_dice->setWordWrap(true);
    m_dice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_layer->addItems({ tr("Prediction"), tr("Ground truth") });
    m_layer->setObjectName(QStringLiteral("layerBox"));

    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_addModel);
    auto* segment = new QHBoxLayout;
    segment->addWidget(m_segmentSlice);
    segment->addWidget(m_segmentSeries);
    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancel);
    auto* form = new QFormLayout;
    form->addRow(tr("Model"), modelRow);
    form->addRow(tr("Segment"), segment);
    form->addRow(progress);
    form->addRow(tr("Overlay"), m_layer);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_state);
    layout->addWidget(m_dice);
    layout->addStretch(1);

    connect(m_addModel, &QPushButton::clicked, this, &SegmentationPanel::chooseFolder);
    connect(m_model, &QComboBox::currentIndexChanged, this,
        [this] { m_controller->setModelFolder(m_model->currentData().toString()); });
    connect(m_segmentSlice, &QPushButton::clicked, controller, &SegmentationController::segmentSlice);
    connect(m_segmentSeries, &QPushButton::clicked, controller, &SegmentationController::segmentSeries);
    connect(m_cancel, &QPushButton::clicked, controller, &SegmentationController::cancel);
    connect(m_layer, &QComboBox::currentIndexChanged, this,
        [this](int index) { m_document->setShownLayer(index == 0 ? MaskLayer::Prediction : MaskLayer::GroundTruth); });
    connect(controller, &SegmentationController::stateChanged, this, &SegmentationPanel::updateState);
    connect(controller, &SegmentationController::progressChanged, this, [this](int done, int total) {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(done);
    });
    connect(controller, &SegmentationController::predictionChanged, this, &SegmentationPanel::updateDice);
    connect(document, &ViewerDocument::maskChanged, this, &SegmentationPanel::updateLayer);
    connect(document, &ViewerDocument::cursorChanged, this, &SegmentationPanel::updateDice);
    connect(document, &ViewerDocument::volumeChanged, this, &SegmentationPanel::updateState);
    updateState();
    updateLayer();
}

void SegmentationPanel::setModelRuns(const QStringList& runs)
{
    const QString current = m_model->currentData().toString();
    const QSignalBlocker block(m_model);
    m_model->clear();
    for (const QString& run : runs) {
        m_model->addItem(QDir(run).dirName(), run);
        m_model->setItemData(m_model->count() - 1, run, Qt::ToolTipRole);
    }
    if (runs.isEmpty()) {
        m_model->addItem(tr("(no model: add a run folder)"), QString());
    }
    const int keep = m_model->findData(current);
    m_model->setCurrentIndex(keep >= 0 ? keep : 0);
    m_controller->setModelFolder(m_model->currentData().toString());
    updateState();
}

QStringList SegmentationPanel::modelRuns() const
{
    QStringList runs;
    for (int n = 0; n < m_model->count(); ++n) {
        if (!m_model->itemData(n).toString().isEmpty()) {
            runs << m_model->itemData(n).toString();
        }
    }
    return runs;
}

void SegmentationPanel::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add Model Folder"));
    if (!folder.isEmpty()) {
        Q_EMIT modelFolderAdded(folder);
    }
}

void SegmentationPanel::updateState()
{
    const bool active = m_controller->isActive();
    const bool ready = m_document->hasVolume() && m_document->loaded().complete;
    m_segmentSlice->setEnabled(ready && !active);
    m_segmentSeries->setEnabled(ready && !active);
    m_cancel->setEnabled(active);
    m_model->setEnabled(!active);
    QString text = stateName(m_controller->state());
    if (!m_controller->modelDescription().isEmpty()) {
        text += QStringLiteral("  (%1)").arg(m_controller->modelDescription());
    }
    if (m_controller->state() == core::JobState::Failed) {
        text += QLatin1Char('\n') + m_controller->lastError();
    }
    m_state->setText(text);
    updateDice();
}

QString SegmentationPanel::stateText() const
{
    return m_state->text();
}

void SegmentationPanel::updateLayer()
{
    const QSignalBlocker block(m_layer);
    m_layer->setCurrentIndex(m_document->shownLayer() == MaskLayer::Prediction ? 0 : 1);
    updateDice();
}

void SegmentationPanel::updateDice()
{
    const core::LabelMask* prediction = m_document->prediction();
    if (prediction == nullptr) {
        m_dice->setText(tr("No prediction yet."));
        return;
    }
    const auto tumour = std::count_if(
        prediction->labels.begin(), prediction->labels.end(), [](std::uint8_t label) { return label != 0; });
    const double millilitres = static_cast<double>(tumour) * prediction->spacing[0] * prediction->spacing[1]
        * prediction->spacing[2] / 1000.0;
    const int k = m_document->cursor()[2];
    const QString volume = verdictText(tr("Slice %1").arg(k + 1), m_controller->sliceVerdict(k), std::nullopt)
        + QLatin1Char('\n')
        + verdictText((m_controller->seriesFusesThreePlanes() ? tr("Series (%1 slices, three planes fused)")
                                                              : tr("Series (%1 slices)"))
                          .arg(m_controller->segmentedSliceCount()),
            m_controller->seriesVerdict(), millilitres)
        + QLatin1Char('\n') + tr("Areas per slice: Overlay panel");
    if (m_document->groundTruth() == nullptr) {
        m_dice->setText(volume + QLatin1Char('\n') + tr("No ground truth to compare with."));
        return;
    }
    m_dice->setText(volume + QLatin1Char('\n')
        + tr("Dice vs ground truth\nslice %1: %2\nsegmented slices (%3): %4")
              .arg(k + 1)
              .arg(diceString(m_controller->sliceOverlap(k)))
              .arg(m_controller->segmentedSliceCount())
              .arg(diceString(m_controller->overlapWithGroundTruth())));
}

QString SegmentationPanel::verdictText(
    const QString& what, const std::optional<TumorVerdict>& verdict, std::optional<double> millilitres) const
{
    if (!verdict) {
        return tr("%1: not segmented").arg(what);
    }
    const QString p = QString::number(static_cast<double>(verdict->probability), 'f', 2);
    if (!verdict->present) {
        return tr("%1: No tumour found (p = %2)").arg(what, p);
    }
    if (millilitres) {
        return tr("%1: Tumour found (p = %2), %3 mL").arg(what, p, QString::number(*millilitres, 'f', 1));
    }
    return tr("%1: Tumour found (p = %2)").arg(what, p);
}

QString SegmentationPanel::diceText() const
{
    return m_dice->text();
}

} // namespace dinolens::ui
