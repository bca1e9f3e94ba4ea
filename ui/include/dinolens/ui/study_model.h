#pragma once
// The study browser's item model: patients -> studies -> series of a scan, with series thumbnails set as they
// arrive, and segmented series marked with their verdict. One column. Patients group studies by patient id and name.
// Ownership: holds a copy of the scan. Thread-safety: GUI thread only.

#include <QAbstractItemModel>
#include <QImage>

#include <vector>

#include "dinolens/core/study.h"

namespace dinolens::ui {

class StudyModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum class NodeKind { Patient, Study, Series };

    explicit StudyModel(QObject* parent = nullptr);

    void setScan(core::ScanResult scan);
    const core::ScanResult& scan() const { return m_scan; }
    void setThumbnail(int study, int series, const QImage& image);
    /// Marks a segmented series with its verdict ("Tumour found (p = 0.97)"), shown under its description.
    void setVerdict(const QModelIndex& seriesIndex, const QString& verdict);

    /// The series at `index`, or nullptr for patient and study rows.
    const core::SeriesInfo* seriesAt(const QModelIndex& index) const;
    const core::StudyInfo* studyAt(const QModelIndex& index) const;
    QModelIndex seriesIndex(int study, int series) const;
    /// The first series row (depth first), or an invalid index when the scan is empty.
    QModelIndex firstSeriesIndex() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        NodeKind kind = NodeKind::Patient;
        int parent = -1; // node index; -1 for top-level patients
        int row = 0; // row within the parent
        int study = -1; // index into m_scan.studies
        int series = -1; // index into the study's series
        std::vector<int> children;
        QImage thumbnail;
        QString verdict;
    };

    QString displayText(const Node& node) const;
    QString toolTip(const Node& node) const;
    int addNode(Node node);

    core::ScanResult m_scan;
    std::vector<Node> m_nodes;
    std::vector<int> m_patients; // top-level node indices
};

} // namespace dinolens::ui
