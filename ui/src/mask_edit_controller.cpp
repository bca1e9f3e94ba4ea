#include "dinolens/ui/mask_edit_controller.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <memory>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/picture_encoding.h"
#include "dinolens/ui/segmentation_cache.h"
#include "error_text.h"

namespace dinolens::ui {

MaskEditController::MaskEditController(ViewerDocument* document, QObject* parent)
    : QObject(parent)
    , m_document(document)
{
    // Another mask (a new prediction, a loaded file, another series) starts a fresh history.
    connect(document, &ViewerDocument::maskChanged, this, [this] {
        if (!m_committing) {
            m_ready = false;
            m_editor.reset({});
            Q_EMIT historyChanged();
        }
    });
    connect(m_save.watcher(), &QFutureWatcherBase::finished, this, [this] {
        const core::Status status = m_save.hasResult()
            ? m_save.result()
            : core::Status(core::makeError(core::ErrorCode::Cancelled, tr("The save was cancelled.").toStdString()));
        Q_EMIT savedFile(m_savePath, status ? QString() : userMessage(status.error()));
    });
}

void MaskEditController::setTool(EditTool tool)
{
    m_tool = tool;
    Q_EMIT toolChanged();
}

bool MaskEditController::prepare()
{
    if (m_ready) {
        return true;
    }
    if (!m_document->hasVolume() || !m_document->loaded().complete) {
        return false;
    }
    m_layer = m_document->shownLayer();
    const core::LabelMask* shown = m_document->mask();
    core::LabelMask start = shown != nullptr ? *shown : core::LabelMask {};
    if (shown == nullptr) { // nothing yet: edit an empty prediction
        const auto& dims = m_document->volume()->dims;
        start = core::LabelMask::zeros(dims[0], dims[1], dims[2]);
        const auto& spacing = m_document->volume()->spacing;
        start.spacing = { spacing[0], spacing[1], spacing[2] };
        m_layer = MaskLayer::Prediction;
    }
    m_editor.reset(std::move(start));
    m_ready = true;
    return true;
}

void MaskEditController::onStroke(int phase, int i, int j, int k)
{
    if (m_tool == EditTool::None || !prepare()) {
        return;
    }
    const double x = i + 0.5;
    const double y = j + 0.5;
    if (m_tool == EditTool::Polygon) {
        m_outline.push_back({ x, y });
        if (phase == 2) {
            m_editor.fillPolygon(k, m_outline, m_label);
            m_outline.clear();
            commit();
        }
        return;
    }
    if (phase == 0) {
        m_editor.beginStroke();
        m_last = { x, y };
    }
    // Dabs every half radius from the last point, so that a fast drag leaves no gaps.
    const double dx = x - m_last[0];
    const double dy = y - m_last[1];
    const int dabs = std::max(1, static_cast<int>(std::ceil(std::hypot(dx, dy) / std::max(0.5, m_radius / 2))));
    for (int n = 1; n <= dabs; ++n) {
        const double t = static_cast<double>(n) / dabs;
        m_editor.paintDisc(k, m_last[0] + t * dx, m_last[1] + t * dy, m_radius,
            m_tool == EditTool::Eraser ? std::uint8_t { 0 } : m_label);
    }
    m_last = { x, y };
    if (phase == 2) {
        m_editor.endStroke();
        commit();
    } else {
        commit(); // show the stroke while it is drawn
    }
}

void MaskEditController::commit()
{
    m_committing = true;
    auto mask = std::make_shared<const core::LabelMask>(m_editor.mask());
    if (m_layer == MaskLayer::Prediction) {
        m_document->setPrediction(std::move(mask));
    } else {
        m_document->setMask(std::move(mask));
        m_document->setShownLayer(MaskLayer::GroundTruth);
    }
    m_committing = false;
    Q_EMIT historyChanged();
}

void MaskEditController::undo()
{
    if (m_editor.undo()) {
        commit();
    }
}

void MaskEditController::redo()
{
    if (m_editor.redo()) {
        commit();
    }
}

void MaskEditController::saveNifti(const QString& path)
{
    const core::LabelMask* shown = m_document->mask();
    if (shown == nullptr || !m_document->hasVolume()) {
        Q_EMIT savedFile(path, tr("There is no mask to save."));
        return;
    }
    const core::LabelMask mask = *shown;
    const core::MaskGeometry geometry { m_document->volume()->origin, m_document->volume()->direction };
    startSave(path, [mask, geometry, path] {
        return core::writeNiftiLabelMask(std::filesystem::path(path.toStdString()), mask, geometry);
    });
}

void MaskEditController::saveDicomSeg(const QString& path)
{
    const core::LabelMask* shown = m_document->mask();
    if (shown == nullptr || !m_document->hasVolume()) {
        Q_EMIT savedFile(path, tr("There is no mask to save."));
        return;
    }
    if (m_document->volume()->slices.empty() || m_document->volume()->slices.front().sopInstanceUid.empty()) {
        Q_EMIT savedFile(path, tr("DICOM SEG needs a DICOM series; save NIfTI for this image."));
        return;
    }
    const core::LabelMask mask = *shown;
    const std::shared_ptr<const core::Volume> volume = m_document->loaded().volume;
    startSave(path,
        [mask, volume, path] { return core::writeDicomSeg(std::filesystem::path(path.toStdString()), mask, *volume); });
}

void MaskEditController::savePng(const QString& path)
{
    const core::LabelMask* shown = m_document->mask();
    if (shown == nullptr) {
        Q_EMIT savedFile(path, tr("There is no mask to save."));
        return;
    }
    const core::LabelMask slice = maskSlice(*shown, m_document->cursor()[2]);
    startSave(
        path, [slice, path] { return core::writeLabelMaskPng(std::filesystem::path(path.toStdString()), slice); });
}

void MaskEditController::startSave(const QString& path, std::function<core::Status()> write)
{
    m_savePath = path;
    m_save.start([write = std::move(write), path](const core::CancelToken&) {
        return QtConcurrent::run([write, path]() -> core::Status {
            try {
                return write();
            } catch (const std::exception& error) {
                return core::makeError(core::ErrorCode::Internal, error.what(), path.toStdString());
            }
        });
    });
}

} // namespace dinolens::ui
