#include "dinolens/ui/training_plot.h"

#include <qcustomplot.h>

#include <QResizeEvent>
#include <QVBoxLayout>

#include "dinolens/core/polygon_label.h"
#include "dinolens/ui/training_curves.h"

namespace dinolens::ui {
namespace {

const std::array<QColor, 4> kClassColors { QColor(90, 90, 90), QColor(220, 50, 47), QColor(38, 139, 210),
    QColor(133, 153, 0) };

void setData(QCPGraph* graph, const std::vector<CurvePoint>& points)
{
    QVector<double> x;
    QVector<double> y;
    x.reserve(static_cast<int>(points.size()));
    y.reserve(static_cast<int>(points.size()));
    for (const CurvePoint& point : points) {
        x << point.x;
        y << point.y;
    }
    graph->setData(x, y, true);
}

QCustomPlot* makePlot(QWidget* parent, const QString& yLabel)
{
    auto* plot = new QCustomPlot(parent);
    plot->xAxis->setLabel(QObject::tr("epoch"));
    plot->yAxis->setLabel(yLabel);
    plot->legend->setVisible(true);
    plot->legend->setFont(QFont(plot->font().family(), 7));
    plot->legend->setBrush(QColor(255, 255, 255, 170));
    plot->legend->setRowSpacing(0);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    plot->setMinimumHeight(110);
    return plot;
}

// Solid: training; dashed: validation; the previous run thin and faint, dotted (training) or dash-dotted
// (validation), so that the current run stays in front.
enum class Curve { Train, Valid, PreviousTrain, PreviousValid };

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QColor& color, Curve curve, bool scatter)
{
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    const bool previous = curve == Curve::PreviousTrain || curve == Curve::PreviousValid;
    QColor shade = color;
    if (previous) {
        shade.setAlpha(120);
    }
    QPen pen(shade, previous ? 1.0 : 1.6);
    const Qt::PenStyle styles[] = { Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine };
    pen.setStyle(styles[static_cast<int>(curve)]);
    graph->setPen(pen);
    if (scatter) {
        const bool valid = curve == Curve::Valid || curve == Curve::PreviousValid;
        graph->setScatterStyle(QCPScatterStyle(valid ? QCPScatterStyle::ssSquare : QCPScatterStyle::ssCircle, 4));
    }
    if (previous) {
        graph->removeFromLegend(); // the legend names only the current curves
    }
    return graph;
}

} // namespace

TrainingPlot::TrainingPlot(QWidget* parent)
    : QWidget(parent)
    , m_loss(makePlot(this, tr("loss")))
    , m_dice(makePlot(this, tr("Dice")))
{
    setObjectName(QStringLiteral("trainingPlot"));
    setToolTip(tr("Solid: training. Dashed: validation. Faint dotted: the previous run."));
    const QColor trainLoss(30, 30, 160);
    const QColor validLoss(220, 110, 20);
    addGraph(m_loss, tr("loss (steps)"), QColor(120, 120, 200), Curve::Train, false);
    addGraph(m_loss, tr("loss (epochs)"), trainLoss, Curve::Train, true);
    addGraph(m_loss, tr("previous run (steps)"), QColor(160, 160, 160), Curve::PreviousTrain, false);
    addGraph(m_loss, tr("previous run (epochs)"), trainLoss, Curve::PreviousTrain, true);
    addGraph(m_loss, tr("validation loss"), validLoss, Curve::Valid, true);
    addGraph(m_loss, tr("previous run (validation)"), validLoss, Curve::PreviousValid, true);
    for (const Curve curve : { Curve::Train, Curve::PreviousTrain, Curve::Valid, Curve::PreviousValid }) {
        for (int c = 1; c < 4; ++c) {
            QCPGraph* graph = addGraph(m_dice, QString::fromUtf8(core::tumorClassName(c)),
                kClassColors[static_cast<std::size_t>(c)], curve, true);
            if (curve == Curve::Valid) {
                graph->removeFromLegend(); // the style entries below say which line is which
            }
        }
    }
    // Legend entries without data: grey samples of the two line styles.
    addGraph(m_dice, tr("training"), QColor(90, 90, 90), Curve::Train, true);
    addGraph(m_dice, tr("validation"), QColor(90, 90, 90), Curve::Valid, true);
    m_dice->yAxis->setRange(0.0, 1.0);
    // Dice rises from the left: its legend sits top left, the falling loss keeps its legend top right.
    m_dice->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_loss, 1);
    layout->addWidget(m_dice, 1);
}

void TrainingPlot::showCurves(const TrainingCurves& current, const TrainingCurves& previous)
{
    setData(m_loss->graph(0), current.stepLoss());
    setData(m_loss->graph(1), current.epochLoss());
    setData(m_loss->graph(2), previous.stepLoss());
    setData(m_loss->graph(3), previous.epochLoss());
    setData(m_loss->graph(4), current.validLoss());
    setData(m_loss->graph(5), previous.validLoss());
    for (int c = 1; c < 4; ++c) {
        setData(m_dice->graph(c - 1), current.trainDice(c));
        setData(m_dice->graph(c + 2), previous.trainDice(c));
        setData(m_dice->graph(c + 5), current.validDice(c));
        setData(m_dice->graph(c + 8), previous.validDice(c));
    }
    m_loss->rescaleAxes();
    m_loss->xAxis->setRangeLower(0.0);
    m_dice->xAxis->setRange(0.0, std::max(1.0, m_loss->xAxis->range().upper));
    m_dice->yAxis->setRange(0.0, 1.0);
    m_loss->replot(QCustomPlot::rpQueuedReplot);
    m_dice->replot(QCustomPlot::rpQueuedReplot);
}

bool TrainingPlot::legendsVisible() const
{
    return m_dice->legend->visible();
}

void TrainingPlot::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // Each pane gets half the height; below this a legend would cover most of its curves.
    constexpr int kLegendPaneHeight = 170;
    const bool roomy = height() >= 2 * kLegendPaneHeight;
    for (QCustomPlot* plot : { m_loss, m_dice }) {
        if (plot->legend->visible() != roomy) {
            plot->legend->setVisible(roomy);
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    }
}

int TrainingPlot::lossPointCount(int graph) const
{
    return graph < m_loss->graphCount() ? m_loss->graph(graph)->dataCount() : 0;
}

int TrainingPlot::dicePointCount(int graph) const
{
    return graph < m_dice->graphCount() ? m_dice->graph(graph)->dataCount() : 0;
}

} // namespace dinolens::ui
