// MainWindow: the segmentation and training docks, the model list and their messages.
#include <QDockWidget>
#include <QScrollArea>
#include <QStatusBar>
#include <QTreeView>
#include <QtConcurrent/QtConcurrentRun>

#include "dinolens/ui/compare_window.h"
#include "dinolens/ui/edit_panel.h"
#include "dinolens/ui/feature_explorer.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/mask_edit_controller.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_jobs.h"
#include "dinolens/ui/segmentation_panel.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/study_model.h"
#include "dinolens/ui/training_controller.h"
#include "dinolens/ui/training_panel.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {
namespace {

// The model docks share the right side with the tag and overlay panels; in a small window they scroll instead
// of squeezing the overlay panel below its content.
QScrollArea* scrollable(QWidget* panel, QWidget* parent)
{
    auto* area = new QScrollArea(parent);
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

}  // namespace

void MainWindow::createSegmentationDock()
{
    m_segmentation = new SegmentationController(m_document, this);
    m_segmentationPanel = new SegmentationPanel(m_segmentation, m_document, this);
    auto* dock = new QDockWidget(tr("Segmentation"), this);
    dock->setObjectName(QStringLiteral("segmentationDock"));
    dock->setWidget(scrollable(m_segmentationPanel, dock));
    addDockWidget(Qt::RightDockWidgetArea, dock);
    // One tab group on the right: each panel gets the full height, even in a small window.
    tabifyDockWidget(findChild<QDockWidget*>(QStringLiteral("overlayDock")), dock);
    connect(m_segmentationPanel, &SegmentationPanel::modelFolderAdded, this, &MainWindow::addModelFolder);
    connect(m_segmentation, &SegmentationController::stateChanged, dock, [this, dock] {
        if (m_segmentation->state() == core::JobState::Scheduled) {
            dock->raise();
        }
    });
    connect(m_segmentation, &SegmentationController::failed, this,
            [this](const QString& message) { showMessage(message, true); });
    connect(m_segmentation, &SegmentationController::warned, this,
            [this](const QString& message) { showMessage(message, true); });
    connect(m_segmentation, &SegmentationController::stateChanged, this, [this] {
        if (m_segmentation->state() == core::JobState::Completed) {
            statusBar()->showMessage(tr("Segmented %n slice(s)", nullptr, m_segmentation->totalSlices()), 8000);
            if (const auto verdict = m_segmentation->seriesVerdict()) {
                const QString p = QString::number(static_cast<double>(verdict->probability), 'f', 2);
                m_model->setVerdict(m_tree->currentIndex(), verdict->present ? tr("Tumour found (p = %1)").arg(p)
                                                                             : tr("No tumour found (p = %1)").arg(p));
            }
        }
    });
    m_compare = new CompareWindow(m_document, this);
    m_compare->hide();
    m_featureExplorer = new FeatureExplorer(m_document, this);
    m_featureExplorer->hide();
    connect(&m_modelRunsWatcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_modelRunsWatcher.future().resultCount() > 0) {
            m_segmentationPanel->setModelRuns(m_modelRunsWatcher.result());
            m_compare->setModelRuns(m_modelRunsWatcher.result());
            m_featureExplorer->setModelRuns(m_modelRunsWatcher.result());
        }
        Q_EMIT modelRunsRefreshed();
    });
}

void MainWindow::createTrainingDock()
{
    m_training = new TrainingController(this);
    m_trainingPanel = new TrainingPanel(m_training, this);
    auto* dock = new QDockWidget(tr("Training"), this);
    dock->setObjectName(QStringLiteral("trainingDock"));
    dock->setWidget(scrollable(m_trainingPanel, dock));
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(findChild<QDockWidget*>(QStringLiteral("segmentationDock")), dock);
    // A finished (or stopped) run can segment at once: it joins the model list.
    connect(m_training, &TrainingController::runFinished, this, &MainWindow::addModelFolder);
    connect(m_training, &TrainingController::stateChanged, this, [this] {
        if (m_training->state() == core::JobState::Failed) {
            showMessage(tr("Training failed: %1").arg(m_training->lastError()), true);
        }
    });
}

void MainWindow::createEditDock()
{
    m_maskEditor = new MaskEditController(m_document, this);
    auto* dock = new QDockWidget(tr("Edit"), this);
    dock->setObjectName(QStringLiteral("editDock"));
    m_editPanel = new EditPanel(m_maskEditor, this);
    dock->setWidget(scrollable(m_editPanel, dock));
    addDockWidget(Qt::RightDockWidgetArea, dock);
    tabifyDockWidget(findChild<QDockWidget*>(QStringLiteral("trainingDock")), dock);
    for (SliceView* view : m_views) {
        connect(view, &SliceView::editStroke, m_maskEditor, &MaskEditController::onStroke);
    }
    connect(m_maskEditor, &MaskEditController::toolChanged, this, [this] {
        for (SliceView* view : m_views) {
            view->setEditing(m_maskEditor->tool() != EditTool::None);
        }
    });
    connect(m_maskEditor, &MaskEditController::savedFile, this, [this](const QString& path, const QString& error) {
        if (error.isEmpty()) {
            statusBar()->showMessage(tr("Saved %1").arg(path), 8000);
        } else {
            showMessage(tr("Cannot save %1: %2").arg(path, error), true);
        }
    });
}

void MainWindow::showCompareWindow()
{
    m_compare->show();
    m_compare->raise();
    m_compare->activateWindow();
}

void MainWindow::showFeatureExplorer()
{
    m_featureExplorer->show();
    m_featureExplorer->raise();
    m_featureExplorer->activateWindow();
}

void MainWindow::refreshModelRuns()
{
    m_segmentation->setThreads(m_settings.threads);
    m_segmentation->setUseCuda(m_settings.useCuda);
    QStringList folders{defaultModelsFolder()};
    folders << m_settings.modelFolders;
    // Directory listings touch the disk (possibly a network share): off the GUI thread.
    m_modelRunsWatcher.setFuture(QtConcurrent::run([folders] {
        QStringList runs;
        for (const QString& folder : folders) {
            for (const QString& run : findModelRuns(folder)) {
                if (!runs.contains(run)) {
                    runs << run;
                }
            }
        }
        return runs;
    }));
}

void MainWindow::addModelFolder(const QString& folder)
{
    if (!m_settings.modelFolders.contains(folder)) {
        m_settings.modelFolders << folder;
        m_settings.save();
    }
    refreshModelRuns();
}

}  // namespace dinolens::ui
