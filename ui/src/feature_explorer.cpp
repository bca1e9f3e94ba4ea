#include "dinolens/ui/feature_explorer.h"

#include <QComboBox>
#include <QDir>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>

#include "dinolens/ui/viewer_document.h"
#include "error_text.h"

namespace dinolens::ui {

FeatureImageView::FeatureImageView(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(120, 120);
    setCursor(Qt::CrossCursor);
}

void FeatureImageView::setImage(const QImage& image)
{
    m_image = image;
    update();
}

void FeatureImageView::setMarker(double u, double v)
{
    m_u = u;
    m_v = v;
    update();
}

QRectF FeatureImageView::imageRect() const
{
    if (m_image.isNull()) {
        return QRectF(rect());
    }
    const QSizeF size = QSizeF(m_image.size()).scaled(QSizeF(this->size()), Qt::KeepAspectRatio);
    return { (width() - size.width()) / 2, (height() - size.height()) / 2, size.width(), size.height() };
}

QPointF FeatureImageView::widgetPosition(double u, double v) const
{
    const QRectF r = imageRect();
    return { r.left() + u * r.width(), r.top() + v * r.height() };
}

void FeatureImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::black);
    if (m_image.isNull()) {
        painter.setPen(Qt::lightGray);
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No features yet"));
        return;
    }
    painter.drawImage(imageRect(), m_image); // nearest: one block per patch
    if (m_u >= 0 && m_v >= 0) {
        painter.setPen(QPen(Qt::white, 1.5));
        const QPointF p = widgetPosition(m_u, m_v);
        painter.drawEllipse(p, 5, 5);
    }
}

void FeatureImageView::mousePressEvent(QMouseEvent* event)
{
    const QRectF r = imageRect();
    if (event->button() == Qt::LeftButton && r.contains(event->position()) && !m_image.isNull()) {
        Q_EMIT clicked((event->position().x() - r.left()) / r.width(), (event->position().y() - r.top()) / r.height());
    }
}

FeatureExplorer::FeatureExplorer(ViewerDocument* mainDocument, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_main(mainDocument)
    , m_compute(new QPushButton(tr("Compute Features"), this))
    , m_layer(new QSpinBox(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("featureExplorer"));
    setWindowTitle(tr("DinoLens - Feature Explorer"));
    auto* grid = new QGridLayout(this);
    for (int side = 0; side < 2; ++side) {
        const auto s = static_cast<std::size_t>(side);
        m_models[s] = new QComboBox(this);
        m_models[s]->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        m_models[s]->setMinimumContentsLength(10);
        m_pca[s] = new FeatureImageView(this);
        m_similarity[s] = new FeatureImageView(this);
        grid->addWidget(new QLabel(side == 0 ? tr("Backbone A") : tr("Backbone B"), this), 0, side * 2);
        grid->addWidget(m_models[s], 0, side * 2 + 1);
        grid->addWidget(new QLabel(tr("PCA features"), this), 1, side * 2, 1, 2);
        grid->addWidget(m_pca[s], 2, side * 2, 1, 2);
        grid->addWidget(new QLabel(tr("Similarity to the clicked patch"), this), 3, side * 2, 1, 2);
        grid->addWidget(m_similarity[s], 4, side * 2, 1, 2);
        for (FeatureImageView* view : { m_pca[s], m_similarity[s] }) {
            connect(view, &FeatureImageView::clicked, this, &FeatureExplorer::selectPoint);
        }
        connect(&m_watchers[s], &QFutureWatcherBase::finished, this, [this, side] { onFinished(side); });
    }
    grid->setRowStretch(2, 1);
    grid->setRowStretch(4, 1);
    m_status->setWordWrap(true);
    m_layer->setObjectName(QStringLiteral("featureLayer"));
    m_layer->setRange(0, 48);
    m_layer->setPrefix(tr("Layer "));
    m_layer->setSpecialValueText(tr("Last layer (normed)"));
    m_layer->setToolTip(tr("Which transformer layer's patch features to map; press Compute Features to apply"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(m_layer);
    controls->addWidget(m_compute);
    grid->addLayout(controls, 5, 0, 1, 1);
    grid->addWidget(m_status, 5, 1, 1, 3);
    connect(m_compute, &QPushButton::clicked, this, &FeatureExplorer::compute);
    connect(m_main, &ViewerDocument::cursorChanged, this, &FeatureExplorer::showSlice);
    connect(m_main, &ViewerDocument::volumeChanged, this, [this] {
        m_cancel.cancel();
        m_features = {};
        showSlice();
    });
    m_status->setText(tr("Choose two trained runs and compute their features for this series."));
    resize(720, 620);
}

FeatureExplorer::~FeatureExplorer()
{
    m_cancel.cancel(); // the jobs hold their own copies of the volume
}

void FeatureExplorer::setModelRuns(const QStringList& runs)
{
    for (std::size_t side = 0; side < 2; ++side) {
        const QString current = m_models[side]->currentData().toString();
        m_models[side]->clear();
        for (const QString& run : runs) {
            m_models[side]->addItem(QDir(run).dirName(), run);
        }
        const int keep = m_models[side]->findData(current);
        m_models[side]->setCurrentIndex(
            keep >= 0 ? keep : std::min<int>(static_cast<int>(side), m_models[side]->count() - 1));
    }
}

void FeatureExplorer::setModels(const QString& runA, const QString& runB)
{
    const std::array<QString, 2> runs { runA, runB };
    for (std::size_t side = 0; side < 2; ++side) {
        if (m_models[side]->findData(runs[side]) < 0) {
            m_models[side]->addItem(QDir(runs[side]).dirName(), runs[side]);
        }
        m_models[side]->setCurrentIndex(m_models[side]->findData(runs[side]));
    }
}

bool FeatureExplorer::isBusy() const
{
    return m_pendingJobs > 0;
}

void FeatureExplorer::setFeatureLayer(int layer)
{
    m_layer->setValue(layer);
}

bool FeatureExplorer::compute()
{
    if (isBusy() || !m_main->hasVolume() || !m_main->loaded().complete) {
        return false;
    }
    m_cancel = core::CancelToken {};
    m_features = {};
    m_pendingJobs = 2;
    m_jobSource = m_main->loaded().sourcePath;
    for (std::size_t side = 0; side < 2; ++side) {
        m_watchers[side].setFuture(computeSeriesFeaturesAsync(m_models[side]->currentData().toString(),
            m_main->loaded().volume, m_main->window(), m_cancel, m_layer->value()));
    }
    m_compute->setEnabled(false);
    m_status->setText(tr("Computing the features of every slice with both backbones..."));
    return true;
}

void FeatureExplorer::onFinished(int side)
{
    const auto s = static_cast<std::size_t>(side);
    if (m_watchers[s].future().resultCount() > 0 && m_jobSource == m_main->loaded().sourcePath) {
        m_features[s] = m_watchers[s].result(); // a job for a series no longer shown is dropped
    }
    // Count finished signals, not running jobs: both jobs can end before the first signal is delivered.
    if (--m_pendingJobs > 0) {
        return;
    }
    m_compute->setEnabled(true);
    QStringList problems;
    for (const SeriesFeatures& features : m_features) {
        if (!features.status && !core::isCancelled(features.status)) {
            problems << userMessage(features.status.error());
        }
    }
    const SeriesFeatures& first = m_features[0];
    const QString layer
        = first.layer == 0 ? tr("last layer, normed") : tr("layer %1 of %2").arg(first.layer).arg(first.backboneLayers);
    m_status->setText(problems.isEmpty()
            ? tr("Features of the %1. Click a point on any map to see its patch similarity on both "
                 "backbones.")
                  .arg(layer)
            : problems.join(QLatin1Char('\n')));
    showSlice();
    Q_EMIT featuresFinished();
}

void FeatureExplorer::selectPoint(double u, double v)
{
    m_u = u;
    m_v = v;
    showSlice();
}

void FeatureExplorer::showSlice()
{
    const int k = m_main->cursor()[2];
    for (std::size_t side = 0; side < 2; ++side) {
        m_pca[side]->setImage(m_features[side].pcaImage(k));
        m_similarity[side]->setImage(m_u < 0 ? QImage() : m_features[side].similarityImage(k, m_u, m_v));
        m_pca[side]->setMarker(m_u, m_v);
        m_similarity[side]->setMarker(m_u, m_v);
    }
}

QString FeatureExplorer::statusText() const
{
    return m_status->text();
}

} // namespace dinolens::ui
