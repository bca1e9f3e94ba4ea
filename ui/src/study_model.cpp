#include "dinolens/ui/study_model.h"

#include <QPixmap>

namespace dinolens::ui {
namespace {

QString text(const std::string& value, const QString& fallback)
{
    return value.empty() ? fallback : QString::fromStdString(value);
}

int frameCount(const core::SeriesInfo& series)
{
    int frames = 0;
    for (const auto& instance : series.instances) {
        frames += std::max(instance.frames, 1);
    }
    return frames;
}

} // namespace

StudyModel::StudyModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

int StudyModel::addNode(Node node)
{
    const int id = static_cast<int>(m_nodes.size());
    auto& siblings = node.parent < 0 ? m_patients : m_nodes[static_cast<std::size_t>(node.parent)].children;
    node.row = static_cast<int>(siblings.size());
    siblings.push_back(id);
    m_nodes.push_back(std::move(node));
    return id;
}

void StudyModel::setScan(core::ScanResult scan)
{
    beginResetModel();
    m_scan = std::move(scan);
    m_nodes.clear();
    m_patients.clear();
    for (std::size_t s = 0; s < m_scan.studies.size(); ++s) {
        const auto& study = m_scan.studies[s];
        int patient = -1;
        for (const int p : m_patients) {
            const auto& other = m_scan.studies[static_cast<std::size_t>(m_nodes[static_cast<std::size_t>(p)].study)];
            if (other.patientId == study.patientId && other.patientName == study.patientName) {
                patient = p;
            }
        }
        if (patient < 0) {
            patient = addNode({ NodeKind::Patient, -1, 0, static_cast<int>(s), -1, {}, {}, {} });
        }
        const int studyNode = addNode({ NodeKind::Study, patient, 0, static_cast<int>(s), -1, {}, {}, {} });
        for (std::size_t r = 0; r < study.series.size(); ++r) {
            addNode({ NodeKind::Series, studyNode, 0, static_cast<int>(s), static_cast<int>(r), {}, {}, {} });
        }
    }
    endResetModel();
}

void StudyModel::setThumbnail(int study, int series, const QImage& image)
{
    const QModelIndex index = seriesIndex(study, series);
    if (!index.isValid()) {
        return;
    }
    m_nodes[static_cast<std::size_t>(index.internalId())].thumbnail = image;
    Q_EMIT dataChanged(index, index, { Qt::DecorationRole });
}

void StudyModel::setVerdict(const QModelIndex& seriesIndex, const QString& verdict)
{
    if (seriesAt(seriesIndex) == nullptr) {
        return;
    }
    m_nodes[static_cast<std::size_t>(seriesIndex.internalId())].verdict = verdict;
    Q_EMIT dataChanged(seriesIndex, seriesIndex, { Qt::DisplayRole });
}

const core::SeriesInfo* StudyModel::seriesAt(const QModelIndex& index) const
{
    if (!index.isValid() || m_nodes[static_cast<std::size_t>(index.internalId())].kind != NodeKind::Series) {
        return nullptr;
    }
    const Node& node = m_nodes[static_cast<std::size_t>(index.internalId())];
    return &m_scan.studies[static_cast<std::size_t>(node.study)].series[static_cast<std::size_t>(node.series)];
}

const core::StudyInfo* StudyModel::studyAt(const QModelIndex& index) const
{
    if (!index.isValid()) {
        return nullptr;
    }
    return &m_scan.studies[static_cast<std::size_t>(m_nodes[static_cast<std::size_t>(index.internalId())].study)];
}

QModelIndex StudyModel::seriesIndex(int study, int series) const
{
    for (std::size_t n = 0; n < m_nodes.size(); ++n) {
        const Node& node = m_nodes[n];
        if (node.kind == NodeKind::Series && node.study == study && node.series == series) {
            return createIndex(node.row, 0, static_cast<quintptr>(n));
        }
    }
    return {};
}

QModelIndex StudyModel::firstSeriesIndex() const
{
    return m_scan.studies.empty() || m_scan.studies.front().series.empty() ? QModelIndex() : seriesIndex(0, 0);
}

QModelIndex StudyModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column != 0 || row < 0) {
        return {};
    }
    const auto& siblings
        = parent.isValid() ? m_nodes[static_cast<std::size_t>(parent.internalId())].children : m_patients;
    if (row >= static_cast<int>(siblings.size())) {
        return {};
    }
    return createIndex(row, 0, static_cast<quintptr>(siblings[static_cast<std::size_t>(row)]));
}

QModelIndex StudyModel::parent(const QModelIndex& child) const
{
    if (!child.isValid()) {
        return {};
    }
    const int parentId = m_nodes[static_cast<std::size_t>(child.internalId())].parent;
    if (parentId < 0) {
        return {};
    }
    return createIndex(m_nodes[static_cast<std::size_t>(parentId)].row, 0, static_cast<quintptr>(parentId));
}

int StudyModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0) {
        return 0;
    }
    return static_cast<int>(
        parent.isValid() ? m_nodes[static_cast<std::size_t>(parent.internalId())].children.size() : m_patients.size());
}

int StudyModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QString StudyModel::displayText(const Node& node) const
{
    const auto& study = m_scan.studies[static_cast<std::size_t>(node.study)];
    switch (node.kind) {
    case NodeKind::Patient:
        return text(study.patientName, tr("(no name)")) + QStringLiteral("  ") + text(study.patientId, QString());
    case NodeKind::Study:
        return text(study.studyDate, tr("(no date)")) + QStringLiteral("  ")
            + text(study.studyDescription, tr("Study"));
    case NodeKind::Series: {
        const auto& series = study.series[static_cast<std::size_t>(node.series)];
        const QString description
            = tr("%1 %2 %3\n%n image(s)", nullptr, frameCount(series))
                  .arg(series.seriesNumber > 0 ? QString::number(series.seriesNumber) : QString())
                  .arg(text(series.modality, QString::fromUtf8(core::sourceKindName(series.kind))))
                  .arg(text(series.description, QString()));
        return node.verdict.isEmpty() ? description : description + QLatin1Char('\n') + node.verdict;
    }
    }
    return {};
}

QString StudyModel::toolTip(const Node& node) const
{
    const auto& study = m_scan.studies[static_cast<std::size_t>(node.study)];
    if (node.kind != NodeKind::Series) {
        return QString::fromStdString(study.studyInstanceUid);
    }
    const auto& series = study.series[static_cast<std::size_t>(node.series)];
    return QString::fromStdString(series.seriesInstanceUid);
}

QVariant StudyModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) {
        return {};
    }
    const Node& node = m_nodes[static_cast<std::size_t>(index.internalId())];
    switch (role) {
    case Qt::DisplayRole:
        return displayText(node);
    case Qt::ToolTipRole:
        return toolTip(node);
    case Qt::DecorationRole:
        return node.thumbnail.isNull() ? QVariant() : QVariant(QPixmap::fromImage(node.thumbnail));
    default:
        return {};
    }
}

QVariant StudyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (section == 0 && orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        return tr("Patient / study / series");
    }
    return {};
}

} // namespace dinolens::ui
