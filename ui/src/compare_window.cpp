#include "dinolens/ui/compare_window.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "dinolens/ui/dice_strip.h"
#include "dinolens/ui/model_comparison.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {
namespace {

std::vector<bool> doneSlices(const SegmentationController* controller, int depth)
{
    std::vector<bool> done(static_cast<std::size_t>(std::max(depth, 0)));
    for (int k = 0; k < depth; ++k) {
        done[static_cast<std::size_t>(k)] = controller->isSliceDone(k);
    }
    return done;
}

} // namespace

CompareWindow::CompareWindow(ViewerDocument* mainDocument, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_main(mainDocument)
    , m_compare(new QPushButton(tr("Compare"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_status(new QLabel(this))
    , m_strip(new DiceStrip(this))
{
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(tr("DinoLens - Compare Models"));
    auto* sides = new QHBoxLayout;
    for (int side = 0; side < 3; ++side) {
        m_documents[static_cast<std::size_t>(side)] = new ViewerDocument(this);
        if (side < 2) {
            m_controllers[static_cast<std::size_t>(side)]
                = new SegmentationController(m_documents[static_cast<std::size_t>(side)], this);
        }
        sides->addWidget(createSide(side), 1);
    }
    OverlayStyle style = m_documents[2]->overlayStyle();
    style.colors = { 0x00000000u, 0xffff8c00u, 0xff00bcd4u, 0xffffeb3bu }; // A only, B only, both
    m_documents[2]->setOverlayStyle(style);
    for (ViewerDocument* document : m_documents) {
        linkDocument(document);
    }
    ensureViews(ViewAxis::Axial);
    m_status->setObjectName(QStringLiteral("compareStatus"));
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_status, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(sides, 1);
    layout->addWidget(m_strip);
    layout->addLayout(buttons);
    connect(m_compare, &QPushButton::clicked, this, &CompareWindow::compare);
    connect(m_cancel, &QPushButton::clicked, this, &CompareWindow::cancel);
    connect(m_strip, &DiceStrip::sliceClicked, this, [this](int k) {
        auto cursor = m_main->cursor();
        cursor[2] = k;
        m_main->setCursor(cursor);
    });
    connect(m_main, &ViewerDocument::volumeChanged, this, &CompareWindow::onMainVolumeChanged);
    connect(m_main, &ViewerDocument::maskChanged, this, &CompareWindow::onMainMaskChanged);
    connect(m_main, &ViewerDocument::cursorChanged, this, [this] {
        for (ViewerDocument* document : m_documents) {
            document->setCursor(m_main->cursor());
        }
        m_strip->setCurrentSlice(m_main->cursor()[2]);
    });
    connect(m_main, &ViewerDocument::windowChanged, this, [this] { copyWindow(m_main); });
    for (SegmentationController* controller : m_controllers) {
        connect(controller, &SegmentationController::predictionChanged, this, &CompareWindow::updateDisagreement);
        connect(controller, &SegmentationController::stateChanged, this, &CompareWindow::updateStatus);
    }
    onMainVolumeChanged();
    updateStatus();
    resize(1100, 560);
}

QWidget* CompareWindow::createSide(int side)
{
    auto* column = new QWidget(this);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    if (side < 2) {
        auto* box = new QComboBox(column);
        box->setObjectName(side == 0 ? QStringLiteral("modelA") : QStringLiteral("modelB"));
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
        m_models[static_cast<std::size_t>(side)] = box;
        auto* row = new QHBoxLayout;
        row->addWidget(new QLabel(side == 0 ? tr("Model A") : tr("Model B"), column));
        row->addWidget(box, 1);
        layout->addLayout(row);
    } else {
        auto* legend = new QLabel(tr("<span style='color:#ff8c00'>&#9632;</span> A only  "
                                     "<span style='color:#00bcd4'>&#9632;</span> B only  "
                                     "<span style='color:#ffeb3b'>&#9632;</span> both"),
            column);
        legend->setObjectName(QStringLiteral("disagreementLegend"));
        layout->addWidget(legend);
    }
    m_columns[static_cast<std::size_t>(side)] = layout;
    return column;
}

void CompareWindow::ensureViews(ViewAxis axis)
{
    for (std::size_t side = 0; side < 3; ++side) {
        if (m_views[side] != nullptr && m_views[side]->axis() == axis) {
            continue;
        }
        delete m_views[side];
        m_views[side] = new SliceView(m_documents[side], axis, this);
        m_columns[side]->addWidget(m_views[side], 1);
        SliceView* view = m_views[side];
        connect(view, &SliceView::zoomPanChanged, this, [this, view] { copyZoom(view); });
    }
}

void CompareWindow::linkDocument(ViewerDocument* document)
{
    connect(document, &ViewerDocument::cursorChanged, this, [this, document] {
        if (!m_syncing) {
            m_main->setCursor(document->cursor()); // the main document passes it on to every side
        }
    });
    connect(document, &ViewerDocument::windowChanged, this, [this, document] { copyWindow(document); });
}

void CompareWindow::copyWindow(const ViewerDocument* from)
{
    if (m_syncing) {
        return;
    }
    m_syncing = true;
    const core::WindowLevel window = from->window();
    for (ViewerDocument* document : m_documents) {
        if (document != from) {
            document->setWindow(window);
        }
    }
    if (from != m_main) {
        m_main->setWindow(window);
    }
    m_syncing = false;
}

void CompareWindow::copyZoom(const SliceView* from)
{
    for (SliceView* view : m_views) {
        if (view != from) {
            view->setZoomPan(from->transform().zoom(), from->transform().panX(), from->transform().panY());
        }
    }
}

void CompareWindow::onMainVolumeChanged()
{
    m_syncing = true;
    for (ViewerDocument* document : m_documents) {
        document->setVolume(m_main->loaded());
        document->setWindow(m_main->window());
        document->setCursor(m_main->cursor());
    }
    m_syncing = false;
    if (m_main->hasVolume()) {
        // The views show the stored slices (k), the ones the models segment and the strip counts.
        for (const ViewAxis axis : kViewAxes) {
            if (slicePlane(*m_main->volume(), axis).sliceAxis == 2) {
                ensureViews(axis);
            }
        }
    }
    onMainMaskChanged();
    updateDisagreement();
}

void CompareWindow::onMainMaskChanged()
{
    for (std::size_t side = 0; side < 2; ++side) {
        const auto truth = m_main->sharedGroundTruth();
        if (m_documents[side]->groundTruth() != truth.get()) {
            m_documents[side]->setMask(truth);
            m_documents[side]->setShownLayer(MaskLayer::Prediction);
        }
    }
}

void CompareWindow::setModelRuns(const QStringList& runs)
{
    for (std::size_t side = 0; side < 2; ++side) {
        QComboBox* box = m_models[side];
        const QString current = box->currentData().toString();
        box->clear();
        for (const QString& run : runs) {
            box->addItem(QDir(run).dirName(), run);
            box->setItemData(box->count() - 1, run, Qt::ToolTipRole);
        }
        const int keep = box->findData(current);
        // Side B starts on another model than side A when there is one.
        box->setCurrentIndex(keep >= 0 ? keep : std::min<int>(static_cast<int>(side), box->count() - 1));
    }
}

void CompareWindow::setModels(const QString& runA, const QString& runB)
{
    const std::array<QString, 2> runs { runA, runB };
    for (std::size_t side = 0; side < 2; ++side) {
        int index = m_models[side]->findData(runs[side]);
        if (index < 0) {
            m_models[side]->addItem(QDir(runs[side]).dirName(), runs[side]);
            index = m_models[side]->count() - 1;
        }
        m_models[side]->setCurrentIndex(index);
    }
}

bool CompareWindow::compare()
{
    bool started = false;
    for (std::size_t side = 0; side < 2; ++side) {
        m_controllers[side]->setModelFolder(m_models[side]->currentData().toString());
        started = m_controllers[side]->segmentSeries() || started;
    }
    updateStatus();
    return started;
}

void CompareWindow::cancel()
{
    for (SegmentationController* controller : m_controllers) {
        controller->cancel();
    }
}

void CompareWindow::updateDisagreement()
{
    const core::LabelMask* a = m_documents[0]->prediction();
    const core::LabelMask* b = m_documents[1]->prediction();
    if (a == nullptr || b == nullptr || !m_main->hasVolume()) {
        m_documents[2]->setPrediction(nullptr);
        m_strip->setValues({}, {}, {});
        return;
    }
    m_documents[2]->setPrediction(std::make_shared<const core::LabelMask>(disagreementMask(*a, *b)));
    const int depth = a->dims[2];
    const auto doneA = doneSlices(m_controllers[0], depth);
    const auto doneB = doneSlices(m_controllers[1], depth);
    std::vector<bool> both(doneA.size());
    for (std::size_t k = 0; k < both.size(); ++k) {
        both[k] = doneA[k] && doneB[k];
    }
    const core::LabelMask* truth = m_main->groundTruth();
    m_strip->setValues(perSliceDice(*a, *b, both), truth ? perSliceDice(*truth, *a, doneA) : std::vector<double> {},
        truth ? perSliceDice(*truth, *b, doneB) : std::vector<double> {});
    m_strip->setCurrentSlice(m_main->cursor()[2]);
}

void CompareWindow::updateStatus()
{
    const bool active = m_controllers[0]->isActive() || m_controllers[1]->isActive();
    m_compare->setEnabled(!active);
    m_cancel->setEnabled(active);
    QStringList parts;
    for (std::size_t side = 0; side < 2; ++side) {
        const SegmentationController* controller = m_controllers[side];
        QString part
            = (side == 0 ? tr("A: %1") : tr("B: %1")).arg(QString::fromUtf8(jobStateName(controller->state())));
        if (controller->state() == core::JobState::Failed) {
            part += QStringLiteral(" (%1)").arg(controller->lastError());
        }
        parts << part;
    }
    m_status->setText(parts.join(QStringLiteral("   ")));
    if (!active
        && (m_controllers[0]->state() != core::JobState::Idle || m_controllers[1]->state() != core::JobState::Idle)) {
        Q_EMIT comparisonFinished();
    }
}

QString CompareWindow::statusText() const
{
    return m_status->text();
}

} // namespace dinolens::ui
