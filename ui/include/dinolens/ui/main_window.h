#pragma once
// The viewer's main window: study browser (left), three linked slice views (centre), DICOM tags and overlay
// panels (right), a message banner for errors, and a status bar with progress, cancel and the value under the
// cursor. Opening, scanning, loading, thumbnails, tags and masks all run off the GUI thread (background_jobs.h);
// every failure is shown in the window and the viewer keeps working. The model docks (segmentation, training, edit,
// 3D) are PanelDocks with their controllers, each in its own file, added with addPanel().
// Ownership: owns its widgets and the ViewerDocument. Thread-safety: GUI thread only.

#include <QMainWindow>

#include <array>
#include <optional>
#include <vector>

#include "dinolens/core/progress.h"
#include "dinolens/ui/background_job.h"
#include "dinolens/ui/background_jobs.h"
#include "dinolens/ui/slice_plane.h"
#include "dinolens/ui/viewer_session.h"
#include "dinolens/ui/viewer_settings.h"

class QAction;
class QDockWidget;
class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolButton;
class QTreeView;

namespace dinolens::ui {

class CompareWindow;
class DicomTagPanel;
class EditDock;
class FeatureExplorer;
class MaskEditController;
class OverlayPanel;
class PacsActions;
class PanelDock;
class SegmentationController;
class SegmentationDock;
class SegmentationPanel;
class SliceView;
class StudyModel;
class SurfaceDock;
class SurfaceView;
class TrainingController;
class TrainingDock;
class TrainingPanel;
class ViewerDocument;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Scans the paths (folders, DICOMDIR, DICOM/NIfTI/image files) and shows the first series found.
    void openPaths(const QStringList& paths);
    /// Loads a label mask (NIfTI with the volume's dims, or a YOLO .txt label) over the current volume.
    void openMask(const QString& path);
    void selectSeries(int study, int series);
    /// Saves a picture of `widget` (a view, a panel or the window) as PNG/JPEG; false and a message on failure.
    bool saveScreenshot(QWidget* widget, const QString& path);

    ViewerDocument* document() const { return m_document; }
    SliceView* sliceView(ViewAxis axis) const { return m_views[static_cast<std::size_t>(axis)]; }
    StudyModel* studyModel() const { return m_model; }
    QTreeView* studyTree() const { return m_tree; }
    DicomTagPanel* tagPanel() const { return m_tagPanel; }
    OverlayPanel* overlayPanel() const { return m_overlayPanel; }
    SegmentationController* segmentation() const;
    SegmentationPanel* segmentationPanel() const;
    TrainingController* training() const;
    CompareWindow* compareWindow() const { return m_compare; }
    /// Shows the compare window (two models side by side) over the current series.
    void showCompareWindow();
    FeatureExplorer* featureExplorer() const { return m_featureExplorer; }
    void showFeatureExplorer();
    MaskEditController* maskEditor() const;
    TrainingPanel* trainingPanel() const;
    /// Lists the models again (demo folder and the settings' model folders), off the GUI thread;
    /// modelRunsRefreshed follows.
    void refreshModelRuns();
    /// The run folders the last refreshModelRuns() found.
    const QStringList& modelRuns() const { return m_modelRuns; }
    /// Adds a run folder (or folder of runs) to the settings' model folders and refreshes the list.
    void addModelFolder(const QString& folder);
    SurfaceView* surfaceView() const;
    /// Shows the 3D view (the "3D" dock) in front.
    void showSurfaceView();
    /// The reading state now (study, series, cursor, zoom/pan, window, overlay, mask file).
    ViewerSession currentSession() const;
    /// Writes currentSession() to `path` off the GUI thread; sessionSaved follows.
    void saveSession(const QString& path);
    /// Reads `path` off the GUI thread, reopens its study (off the GUI thread) and applies its state;
    /// sessionRestored follows (or a message on failure).
    void openSession(const QString& path);
    /// The text of the message banner ("" when hidden).
    QString messageText() const;
    /// Shows `text` in the banner (and its first line in the status bar, marked as an error when `error`).
    void showMessage(const QString& text, bool error);
    /// Adds `panel`'s dock to the right-hand tab group, shows its messages in the banner and the status bar, and
    /// lists it in the View menu. The window owns the panel from then on.
    void addPanel(PanelDock* panel);
    bool isBusy() const;
    /// The preferences in force.
    const ViewerSettings& settings() const { return m_settings; }
    /// Replaces the preferences, saves and applies them (as the Preferences dialog's OK does).
    void setSettings(const ViewerSettings& settings);
    /// Open from PACS, Send to PACS and Export Anonymised (their dialogs and background jobs).
    PacsActions* pacs() const { return m_pacs; }

Q_SIGNALS:
    void scanFinished();
    void volumeShown(bool complete);
    void maskShown();
    void messageShown(const QString& text);
    void modelRunsRefreshed();
    void sessionSaved(const QString& path, const QString& error);
    void sessionRestored();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createCentralArea();
    void createDocks();
    void createModelWindows();
    void createSessionActions(QMenu* file);
    void onSessionRead();
    bool applyPendingSession();
    void createMenus();
    void createFileMenu();
    void createViewMenu();
    void createStatusBar();
    void rebuildRecentMenu();
    void rebuildWindowMenu();
    void applySettings();
    void showSettingsDialog();
    void exportScreenshot();
    void chooseFiles();
    void chooseFolder();
    void chooseMask();

    void hideMessage();
    void updateBusy();
    void cancelJobs();
    void onScanFinished();
    void startThumbnails(const core::ScanResult& scan);
    void loadSeriesAt(const QModelIndex& index);
    void onVolumeResult(int index);
    void onLoadFinished();
    void onMaskLoaded(const MaskOutcome& outcome);
    void updateViewVisibility();
    void arrangeViews();
    void updateTagPanel();
    void watchProgress(QFutureWatcherBase* watcher);

    ViewerDocument* m_document;
    std::array<SliceView*, 3> m_views {};
    ViewAxis m_activeAxis = ViewAxis::Axial;
    QSplitter* m_viewSplitter = nullptr;
    QSplitter* m_sideSplitter = nullptr;
    StudyModel* m_model;
    QTreeView* m_tree = nullptr;
    QDockWidget* m_studyDock = nullptr;
    DicomTagPanel* m_tagPanel = nullptr;
    OverlayPanel* m_overlayPanel = nullptr;
    std::vector<PanelDock*> m_panels; // the right-hand tab group, in order
    SegmentationDock* m_segmentationDock = nullptr;
    TrainingDock* m_trainingDock = nullptr;
    EditDock* m_editDock = nullptr;
    SurfaceDock* m_surfaceDock = nullptr;
    CompareWindow* m_compare = nullptr;
    FeatureExplorer* m_featureExplorer = nullptr;
    PacsActions* m_pacs = nullptr;
    QLabel* m_banner = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancelButton = nullptr;
    QLabel* m_pointerLabel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_windowMenu = nullptr;
    QAction* m_overlayAction = nullptr;
    ViewerSettings m_settings;
    bool m_docksSized = false;

    // Watchers, not QFuture::then(this, ...): Qt 6.4's context continuation asserts if the window goes first.
    BackgroundJob<ScanOutcome> m_scan;
    BackgroundJob<VolumeOutcome> m_load;
    BackgroundJob<Thumbnail> m_thumbnails;
    BackgroundJob<MaskOutcome> m_mask;
    BackgroundJob<QStringList> m_modelRunsJob;
    BackgroundJob<core::Status> m_sessionWrite;
    BackgroundJob<core::Result<ViewerSession>> m_sessionRead;
    QStringList m_modelRuns;
    QString m_loadingSource; // first file of the series being loaded, to drop superseded results
    QString m_openedPath; // what the last openPaths opened (a session's study)
    QString m_maskPath; // the ground-truth mask file shown ("" for none or an edited mask)
    std::optional<ViewerSession> m_pendingSession; // applied once its series is loaded
    QString m_sessionWritePath;
};

} // namespace dinolens::ui
