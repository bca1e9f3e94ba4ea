// MainWindow: the model list (demo folder and the settings' model folders) and the two model windows, compare and
// feature explorer, that share it with the Segmentation dock.
#include <QtConcurrent/QtConcurrentRun>

#include "dinolens/ui/compare_window.h"
#include "dinolens/ui/feature_explorer.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/segmentation_controller.h"
#include "dinolens/ui/segmentation_jobs.h"

namespace dinolens::ui {

void MainWindow::createModelWindows()
{
    m_compare = new CompareWindow(m_document, this);
    m_compare->hide();
    m_featureExplorer = new FeatureExplorer(m_document, this);
    m_featureExplorer->hide();
    connect(this, &MainWindow::modelRunsRefreshed, this, [this] {
        m_compare->setModelRuns(m_modelRuns);
        m_featureExplorer->setModelRuns(m_modelRuns);
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
    segmentation()->setThreads(m_settings.threads);
    segmentation()->setUseCuda(m_settings.useCuda);
    QStringList folders { defaultModelsFolder() };
    folders << m_settings.modelFolders;
    // Directory listings touch the disk (possibly a network share): off the GUI thread.
    m_modelRunsJob.start([folders](const core::CancelToken&) {
        return QtConcurrent::run([folders] {
            QStringList runs;
            for (const QString& folder : folders) {
                for (const QString& run : findModelRuns(folder)) {
                    if (!runs.contains(run)) {
                        runs << run;
                    }
                }
            }
            return runs;
        });
    });
}

void MainWindow::addModelFolder(const QString& folder)
{
    if (!m_settings.modelFolders.contains(folder)) {
        m_settings.modelFolders << folder;
        m_settings.save();
    }
    refreshModelRuns();
}

} // namespace dinolens::ui
