#include "dinolens/ui/training_plot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include "dinolens/core/polygon_label.h"
#include "dinolens/ui/training_curves.h"

namespace dinolens::ui {
namespace {

const std::array<QColor, 4> kClassColors{QColor(90, 90, 90), QColor(220, 50, 47), QColor(38, 139, 210),
                                         QColor(133, 153, 0)};

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

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QColor& color, bool previous, bool scatter)
{
    QCPGraph* graph = plot->addGraph();
    graph->setName(name);
    QPen pen(color, previous ? 1.0 : 1.6);
    pen.setStyle(previous ? Qt::DashLine : Qt::SolidLine);
    graph->setPen(pen);
    if (scatter) {
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 4));
    }
    return graph;
}

}  // namespace

TrainingPlot::TrainingPlot(QWidget* parent)
    : QWidget(parent), m_loss(makePlot(this, tr("loss"))), m_dice(makePlot(this, tr("train Dice")))
{
    setObjectName(QStringLiteral("trainingPlot"));
    setToolTip(tr("Solid: this run. Dashed: the previous run."));
    addGraph(m_loss, tr("loss (steps)"), QColor(120, 120, 200), false, false);
    addGraph(m_loss, tr("loss (epochs)"), QColor(30, 30, 160), false, true);
    // The previous run is drawn dashed under the current one; the legend names only the current curves.
    addGraph(m_loss, tr("previous run (steps)"), QColor(160, 160, 160), true, false)->removeFromLegend();
    addGraph(m_loss, tr("previous run (epochs)"), QColor(100, 100, 100), true, true)->removeFromLegend();
    for (const bool previous : {false, true}) {
        for (int c = 1; c < 4; ++c) {
            const QString name = QString::fromUtf8(core::tumorClassName(c));
            addGraph(m_dice, previous ? tr("%1 (previous)").arg(name) : name, kClassColors[static_cast<std::size_t>(c)],
                     previous, !previous);
            m_dice->graph(m_dice->graphCount() - 1)->removeFromLegend();
            if (!previous) {
                m_dice->graph(m_dice->graphCount() - 1)->addToLegend();
            }
        }
    }
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
    for (int c = 1; c < 4; ++c) {
        setData(m_dice->graph(c - 1), current.trainDice(c));
        setData(m_dice->graph(c + 2), previous.trainDice(c));
    }
    m_loss->rescaleAxes();
    m_loss->xAxis->setRangeLower(0.0);
    m_dice->xAxis->setRange(0.0, std::max(1.0, m_loss->xAxis->range().upper));
    m_dice->yAxis->setRange(0.0, 1.0);
    m_loss->replot(QCustomPlot::rpQueuedReplot);
    m_dice->replot(QCustomPlot::rpQueuedReplot);
}

int TrainingPlot::lossPointCount(int graph) const
{
    return graph < m_loss->graphCount() ? m_loss->graph(graph)->dataCount() : 0;
}

int TrainingPlot::dicePointCount(int graph) const
{
    return graph < m_dice->graphCount() ? m_dice->graph(graph)->dataCount() : 0;
}

}  // namespace dinolens::ui
