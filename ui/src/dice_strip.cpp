#include "dinolens/ui/dice_strip.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace dinolens::ui {
namespace {
constexpr int kMargin = 4;
}

DiceStrip::DiceStrip(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("diceStrip"));
    setToolTip(tr("Dice per slice: bars between models A and B, red dots A vs ground truth, green dots B vs ground "
                  "truth. Click a slice to show it."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
}

void DiceStrip::setValues(
    std::vector<double> betweenModels, std::vector<double> modelAVsTruth, std::vector<double> modelBVsTruth)
{
    m_between = std::move(betweenModels);
    m_aTruth = std::move(modelAVsTruth);
    m_bTruth = std::move(modelBVsTruth);
    update();
}

void DiceStrip::setCurrentSlice(int k)
{
    m_current = k;
    update();
}

int DiceStrip::sliceAt(double x) const
{
    const int n = std::max(sliceCount(), 1);
    const double width = std::max(1, this->width() - 2 * kMargin);
    return std::clamp(static_cast<int>(std::floor((x - kMargin) * n / width)), 0, n - 1);
}

double DiceStrip::columnCentre(int k) const
{
    const int n = std::max(sliceCount(), 1);
    const double width = std::max(1, this->width() - 2 * kMargin);
    return kMargin + (k + 0.5) * width / n;
}

void DiceStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(30, 30, 30));
    const int n = sliceCount();
    if (n == 0) {
        painter.setPen(Qt::lightGray);
        painter.drawText(rect(), Qt::AlignCenter, tr("Compare two models to see the Dice per slice"));
        return;
    }
    const double column = std::max(1.0, (width() - 2.0 * kMargin) / n);
    const double height = this->height() - 2.0 * kMargin;
    const auto yOf = [&](double dice) { return kMargin + (1.0 - dice) * height; };
    for (int k = 0; k < n; ++k) {
        const double left = columnCentre(k) - column / 2;
        const double value = m_between[static_cast<std::size_t>(k)];
        if (std::isnan(value)) {
            painter.fillRect(QRectF(left, kMargin, column, height), QColor(55, 55, 55));
            continue;
        }
        painter.fillRect(
            QRectF(left, yOf(value), std::max(1.0, column - 1), height + kMargin - yOf(value)), QColor(80, 140, 220));
    }
    painter.setRenderHint(QPainter::Antialiasing);
    const auto dots = [&](const std::vector<double>& values, const QColor& color) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        for (std::size_t k = 0; k < values.size(); ++k) {
            if (!std::isnan(values[k])) {
                painter.drawEllipse(QPointF(columnCentre(static_cast<int>(k)), yOf(values[k])), 2.0, 2.0);
            }
        }
    };
    dots(m_aTruth, QColor(240, 80, 80));
    dots(m_bTruth, QColor(90, 220, 90));
    if (m_current >= 0 && m_current < n) {
        painter.setPen(QPen(Qt::yellow, 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(columnCentre(m_current) - column / 2, 1, column, this->height() - 2));
    }
}

void DiceStrip::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && sliceCount() > 0) {
        Q_EMIT sliceClicked(sliceAt(event->position().x()));
    }
}

void DiceStrip::mouseMoveEvent(QMouseEvent* event)
{
    if ((event->buttons() & Qt::LeftButton) && sliceCount() > 0) {
        Q_EMIT sliceClicked(sliceAt(event->position().x()));
    }
}

} // namespace dinolens::ui
