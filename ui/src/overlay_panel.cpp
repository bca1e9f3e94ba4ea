#include "dinolens/ui/overlay_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPixmap>
#include <QSlider>
#include <QVBoxLayout>

#include "dinolens/core/polygon_label.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {
namespace {

QPixmap swatch(std::uint32_t color)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(QColor::fromRgb(color));
    return pixmap;
}

} // namespace

OverlayPanel::OverlayPanel(ViewerDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_visible(new QCheckBox(tr("Show overlay (O)"), this))
    , m_mode(new QComboBox(this))
    , m_opacity(new QSlider(Qt::Horizontal, this))
    , m_source(new QLabel(this))
    , m_areaLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("overlayPanel"));
    m_mode->addItems({ tr("Filled"), tr("Outline") });
    m_opacity->setRange(0, 100);
    m_source->setWordWrap(true);
    m_areaLabel->setWordWrap(true);
    m_areaLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* form = new QFormLayout;
    form->addRow(m_visible);
    form->addRow(tr("Style"), m_mode);
    form->addRow(tr("Opacity"), m_opacity);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addLayout(form);
    for (int c = 1; c < kOverlayClassCount; ++c) {
        auto* box = new QCheckBox(QString::fromUtf8(core::tumorClassName(c)), this);
        box->setIcon(swatch(document->overlayStyle().colors[static_cast<std::size_t>(c)]));
        m_classes[static_cast<std::size_t>(c)] = box;
        layout->addWidget(box);
        connect(box, &QCheckBox::toggled, this, &OverlayPanel::applyStyle);
    }
    layout->addWidget(m_areaLabel);
    layout->addStretch(1);
    connect(m_visible, &QCheckBox::toggled, this, &OverlayPanel::applyStyle);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &OverlayPanel::applyStyle);
    connect(m_opacity, &QSlider::valueChanged, this, &OverlayPanel::applyStyle);
    connect(document, &ViewerDocument::overlayStyleChanged, this, &OverlayPanel::updateFromDocument);
    connect(document, &ViewerDocument::maskChanged, this, &OverlayPanel::updateAreas);
    connect(document, &ViewerDocument::cursorChanged, this, &OverlayPanel::updateAreas);
    updateFromDocument();
    updateAreas();
}

void OverlayPanel::setAreaAxis(ViewAxis axis)
{
    m_areaAxis = axis;
    updateAreas();
}

void OverlayPanel::updateFromDocument()
{
    const OverlayStyle& style = m_document->overlayStyle();
    const QSignalBlocker blockVisible(m_visible);
    const QSignalBlocker blockMode(m_mode);
    const QSignalBlocker blockOpacity(m_opacity);
    m_visible->setChecked(style.visible);
    m_mode->setCurrentIndex(style.filled ? 0 : 1);
    m_opacity->setValue(static_cast<int>(std::lround(style.opacity * 100)));
    for (std::size_t c = 1; c < kOverlayClassCount; ++c) {
        const QSignalBlocker block(m_classes[c]);
        m_classes[c]->setChecked(style.classVisible[c]);
    }
}

void OverlayPanel::applyStyle()
{
    OverlayStyle style = m_document->overlayStyle();
    style.visible = m_visible->isChecked();
    style.filled = m_mode->currentIndex() == 0;
    style.opacity = m_opacity->value() / 100.0;
    for (std::size_t c = 1; c < kOverlayClassCount; ++c) {
        style.classVisible[c] = m_classes[c]->isChecked();
    }
    m_document->setOverlayStyle(style);
}

void OverlayPanel::updateAreas()
{
    const core::LabelMask* mask = m_document->mask();
    if (mask == nullptr || !m_document->hasVolume()) {
        m_areas = {};
        m_source->setText(tr("No label mask. Open one with File > Open Mask (Ctrl+M)."));
        m_areaLabel->clear();
        return;
    }
    const core::Volume& volume = *m_document->volume();
    const SlicePlane plane = slicePlane(volume, m_areaAxis);
    const int slice = m_document->cursor()[static_cast<std::size_t>(plane.sliceAxis)];
    m_areas = overlayAreas(resliceLabels(*mask, plane, slice), planeSpacing(volume, plane), *mask);
    const QString layer = m_document->shownLayer() == MaskLayer::Prediction ? tr("Prediction") : tr("Label mask");
    m_source->setText(tr("%1 (%2 x %3 x %4)").arg(layer).arg(mask->dims[0]).arg(mask->dims[1]).arg(mask->dims[2]));
    m_areaLabel->setText(areaText());
}

QString OverlayPanel::areaText() const
{
    QString text = tr("%1 slice: %2 mm\u00b2\nVolume: %3 mL")
                       .arg(QString::fromUtf8(viewAxisName(m_areaAxis)))
                       .arg(m_areas.totalSliceAreaMm2(), 0, 'f', 1)
                       .arg(m_areas.totalVolumeMl(), 0, 'f', 2);
    for (std::size_t c = 1; c < kOverlayClassCount; ++c) {
        if (m_areas.volumeMl[c] > 0) {
            text += QStringLiteral("\n  %1: %2 mm\u00b2, %3 mL")
                        .arg(QString::fromUtf8(core::tumorClassName(static_cast<int>(c))))
                        .arg(m_areas.sliceAreaMm2[c], 0, 'f', 1)
                        .arg(m_areas.volumeMl[c], 0, 'f', 2);
        }
    }
    return text;
}

} // namespace dinolens::ui
