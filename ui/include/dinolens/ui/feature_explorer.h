#pragma once
// Feature exploration: for two trained runs (their backbones), the PCA feature map of the slice under the main
// window's cursor (colours fitted once per series, so they stay stable while scrolling) and, after a click on any
// map, the patch-similarity heatmap of the clicked point on both backbones at once. Features are computed off the
// GUI thread (feature_jobs.h). Ownership: a top-level window parented to the main window; the main document must
// outlive it. Thread-safety: GUI thread only.

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <array>

#include "dinolens/core/progress.h"
#include "dinolens/ui/feature_jobs.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace dinolens::ui {

class ViewerDocument;

/// Paints one feature image scaled to fit (nearest patches) with the selected point; a click emits (u, v) in
/// [0, 1] relative to the image.
class FeatureImageView : public QWidget {
    Q_OBJECT
public:
    explicit FeatureImageView(QWidget* parent = nullptr);
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    void setMarker(double u, double v);
    /// Widget position of relative image point (u, v).
    QPointF widgetPosition(double u, double v) const;
    QSize sizeHint() const override { return { 220, 220 }; }

Q_SIGNALS:
    void clicked(double u, double v);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRectF imageRect() const;
    QImage m_image;
    double m_u = -1.0;
    double m_v = -1.0;
};

class FeatureExplorer : public QWidget {
    Q_OBJECT
public:
    FeatureExplorer(ViewerDocument* mainDocument, QWidget* parent = nullptr);
    ~FeatureExplorer() override;

    void setModelRuns(const QStringList& runs);
    void setModels(const QString& runA, const QString& runB);
    /// Computes both backbones' features of the whole series; false without a complete volume or while busy.
    bool compute();
    /// The layer the next compute() reads features from (0: the final normed output).
    void setFeatureLayer(int layer);
    /// Shows the similarity of the patch at relative position (u, v) on both backbones.
    void selectPoint(double u, double v);
    bool isBusy() const;

    FeatureImageView* pcaView(int side) const { return m_pca[static_cast<std::size_t>(side)]; }
    FeatureImageView* similarityView(int side) const { return m_similarity[static_cast<std::size_t>(side)]; }
    const SeriesFeatures& features(int side) const { return m_features[static_cast<std::size_t>(side)]; }
    QString statusText() const;

Q_SIGNALS:
    /// Both feature jobs ended (ready, failed or cancelled).
    void featuresFinished();

private:
    void onFinished(int side);
    void showSlice();

    ViewerDocument* m_main;
    std::array<QComboBox*, 2> m_models {};
    std::array<FeatureImageView*, 2> m_pca {};
    std::array<FeatureImageView*, 2> m_similarity {};
    std::array<SeriesFeatures, 2> m_features;
    std::array<QFutureWatcher<SeriesFeatures>, 2> m_watchers;
    core::CancelToken m_cancel;
    QPushButton* m_compute;
    QSpinBox* m_layer; // 0: the final normed output; k: after transformer layer k
    QLabel* m_status;
    double m_u = -1.0;
    double m_v = -1.0;
    QString m_jobSource; // the series the running jobs compute
    int m_pendingJobs = 0; // feature jobs whose finished signal has not arrived yet
};

} // namespace dinolens::ui
