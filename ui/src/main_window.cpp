#include "dinolens/ui/main_window.h"

#include <QApplication>
#include <QBuffer>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QProgressBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "dinolens/core/atomic_file.h"
#include "dinolens/ui/dicom_tag_panel.h"
#include "dinolens/ui/edit_dock.h"
#include "dinolens/ui/edit_panel.h"
#include "dinolens/ui/overlay_panel.h"
#include "dinolens/ui/pacs_actions.h"
#include "dinolens/ui/panel_dock.h"
#include "dinolens/ui/segmentation_dock.h"
#include "dinolens/ui/settings_dialog.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/study_model.h"
#include "dinolens/ui/surface_dock.h"
#include "dinolens/ui/training_dock.h"
#include "dinolens/ui/viewer_document.h"

namespace dinolens::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_document(new ViewerDocument(this))
    , m_model(new StudyModel(this))
    , m_settings(ViewerSettings::load())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("DinoLens"));
    setAcceptDrops(true);
    createCentralArea();
    createDocks();
    m_pacs = new PacsActions(this);
    createMenus();
    createStatusBar();
    applySettings();
    connect(m_scan.watcher(), &QFutureWatcherBase::finished, this, &MainWindow::onScanFinished);
    connect(m_load.watcher(), &QFutureWatcherBase::resultReadyAt, this, &MainWindow::onVolumeResult);
    connect(m_load.watcher(), &QFutureWatcherBase::finished, this, &MainWindow::onLoadFinished);
    connect(m_thumbnails.watcher(), &QFutureWatcherBase::resultReadyAt, this, [this](int index) {
        const Thumbnail thumbnail = m_thumbnails.resultAt(index);
        m_model->setThumbnail(thumbnail.study, thumbnail.series, thumbnail.image);
    });
    connect(m_mask.watcher(), &QFutureWatcherBase::finished, this, [this] {
        if (m_mask.hasResult()) {
            onMaskLoaded(m_mask.result());
        }
    });
    connect(m_modelRunsJob.watcher(), &QFutureWatcherBase::finished, this, [this] {
        if (m_modelRunsJob.hasResult()) {
            m_modelRuns = m_modelRunsJob.result();
        }
        Q_EMIT modelRunsRefreshed();
    });
    watchProgress(m_scan.watcher());
    watchProgress(m_load.watcher());
    connect(m_document, &ViewerDocument::cursorChanged, this, &MainWindow::updateTagPanel);
    connect(m_document, &ViewerDocument::volumeChanged, this, &MainWindow::rebuildWindowMenu);
    resize(1280, 800);
}

// Running jobs hold their own copies of their inputs; each BackgroundJob cancels its run as the window goes.
MainWindow::~MainWindow() = default;

void MainWindow::createCentralArea()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("messageBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #5c1f1f; color: white; padding: 6px; }"));
    m_banner->hide();
    // One large view (the acquisition plane once a volume is loaded) beside the other two stacked.
    m_viewSplitter = new QSplitter(Qt::Horizontal, central);
    m_sideSplitter = new QSplitter(Qt::Vertical, m_viewSplitter);
    for (const ViewAxis axis : kViewAxes) {
        auto* view = new SliceView(m_document, axis, m_viewSplitter);
        m_views[static_cast<std::size_t>(axis)] = view;
        (axis == ViewAxis::Axial ? m_viewSplitter : m_sideSplitter)->addWidget(view);
        connect(view, &SliceView::activated, this, [this](ViewAxis active) {
            m_activeAxis = active;
            m_overlayPanel->setAreaAxis(active);
        });
        connect(
            view, &SliceView::pointerTextChanged, this, [this](const QString& text) { m_pointerLabel->setText(text); });
    }
    m_viewSplitter->insertWidget(0, m_views[0]);
    m_viewSplitter->setStretchFactor(0, 2);
    m_viewSplitter->setStretchFactor(1, 1);
    layout->addWidget(m_banner);
    layout->addWidget(m_viewSplitter, 1);
    setCentralWidget(central);
}

void MainWindow::createDocks()
{
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("studyTree"));
    m_tree->setModel(m_model);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(false);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& current) { loadSeriesAt(current); });
    m_studyDock = new QDockWidget(tr("Studies"), this);
    m_studyDock->setObjectName(QStringLiteral("studyDock"));
    m_studyDock->setWidget(m_tree);
    addDockWidget(Qt::LeftDockWidgetArea, m_studyDock);

    m_tagPanel = new DicomTagPanel(this);
    auto* tags = new PanelDock(tr("DICOM Tags"), QStringLiteral("tagDock"), this);
    tags->setContent(m_tagPanel, false);
    addPanel(tags);
    m_overlayPanel = new OverlayPanel(m_document, this);
    auto* overlay = new PanelDock(tr("Overlay"), QStringLiteral("overlayDock"), this);
    overlay->setContent(m_overlayPanel, false);
    addPanel(overlay);
    connect(this, &MainWindow::maskShown, overlay, &PanelDock::bringToFront);
    m_segmentationDock = new SegmentationDock(this);
    connect(m_segmentationDock, &SegmentationDock::modelFolderAdded, this, &MainWindow::addModelFolder);
    addPanel(m_segmentationDock);
    m_trainingDock = new TrainingDock(this);
    connect(m_trainingDock, &TrainingDock::modelFolderAdded, this, &MainWindow::addModelFolder);
    addPanel(m_trainingDock);
    m_editDock = new EditDock(this);
    addPanel(m_editDock);
    m_surfaceDock = new SurfaceDock(m_document, this);
    addPanel(m_surfaceDock);
    createModelWindows();
    // The right-hand panels share one tab group; with the tabs along its side each shows its full name, where a
    // row of tabs under a narrow dock elides them.
    setTabPosition(Qt::RightDockWidgetArea, QTabWidget::East);
    tags->dock()->raise();
}

void MainWindow::addPanel(PanelDock* panel)
{
    panel->setParent(this);
    if (m_panels.empty()) {
        addDockWidget(Qt::RightDockWidgetArea, panel->dock());
    } else {
        // One tab group on the right: each panel gets the full height, even in a small window.
        tabifyDockWidget(m_panels.back()->dock(), panel->dock());
    }
    m_panels.push_back(panel);
    connect(panel, &PanelDock::message, this, &MainWindow::showMessage);
    connect(panel, &PanelDock::status, this,
        [this](const QString& text, int milliseconds) { statusBar()->showMessage(text, milliseconds); });
}

SegmentationController* MainWindow::segmentation() const
{
    return m_segmentationDock->controller();
}
SegmentationPanel* MainWindow::segmentationPanel() const
{
    return m_segmentationDock->panel();
}
TrainingController* MainWindow::training() const
{
    return m_trainingDock->controller();
}
TrainingPanel* MainWindow::trainingPanel() const
{
    return m_trainingDock->panel();
}
MaskEditController* MainWindow::maskEditor() const
{
    return m_editDock->controller();
}
SurfaceView* MainWindow::surfaceView() const
{
    return m_surfaceDock->view();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_docksSized) {
        // Side panels take a fixed share so that small windows keep most of the room for the images.
        m_docksSized = true;
        resizeDocks({ m_studyDock, m_panels.front()->dock() },
            { std::clamp(width() / 6, 150, 260), std::clamp(width() / 4, 200, 380) }, Qt::Horizontal);
    }
}

void MainWindow::createMenus()
{
    createFileMenu();
    createViewMenu();
    m_windowMenu = menuBar()->addMenu(tr("&Window/Level"));
    rebuildWindowMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this] { ShortcutsDialog(this).exec(); });
    shortcuts->setShortcut(QKeySequence::HelpContents);
}

void MainWindow::createFileMenu()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Files..."), this, &MainWindow::chooseFiles);
    open->setShortcut(QKeySequence::Open);
    QAction* folder = file->addAction(tr("Open &Folder..."), this, &MainWindow::chooseFolder);
    folder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* mask = file->addAction(tr("Open &Mask..."), this, &MainWindow::chooseMask);
    mask->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    m_pacs->addActions(file);
    file->addSeparator();
    file->addAction(
        tr("Save Mask as &NIfTI..."), this, [this] { m_editDock->panel()->chooseSaveFile(MaskFileFormat::Nifti); });
    file->addAction(tr("Save Mask as &DICOM SEG..."), this,
            [this] { m_editDock->panel()->chooseSaveFile(MaskFileFormat::DicomSeg); })
        ->setObjectName(QStringLiteral("saveDicomSegAction"));
    file->addSeparator();
    createSessionActions(file);
    file->addSeparator();
    QAction* screenshot = file->addAction(tr("&Export Screenshot..."), this, &MainWindow::exportScreenshot);
    screenshot->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("&Preferences..."), this, &MainWindow::showSettingsDialog)
        ->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->addAction(open);
    toolbar->addAction(folder);
    toolbar->addAction(mask);
    toolbar->addAction(screenshot);
}

void MainWindow::createViewMenu()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit All Views"), this,
            [this] {
                for (SliceView* slice : m_views) {
                    slice->fitToWindow();
                }
            })
        ->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F));
    m_overlayAction = view->addAction(tr("Show &Overlay"));
    m_overlayAction->setCheckable(true);
    m_overlayAction->setChecked(true);
    m_overlayAction->setShortcut(QKeySequence(Qt::Key_O));
    connect(m_overlayAction, &QAction::toggled, this, [this](bool on) {
        OverlayStyle style = m_document->overlayStyle();
        style.visible = on;
        m_document->setOverlayStyle(style);
    });
    connect(m_document, &ViewerDocument::overlayStyleChanged, this,
        [this] { m_overlayAction->setChecked(m_document->overlayStyle().visible); });
    view->addAction(tr("&Compare Models..."), this, &MainWindow::showCompareWindow)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    view->addAction(tr("Feature &Explorer..."), this, &MainWindow::showFeatureExplorer)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    view->addAction(tr("&3D View"), this, &MainWindow::showSurfaceView)
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    view->addSeparator();
    view->addAction(m_studyDock->toggleViewAction());
    for (const PanelDock* panel : m_panels) {
        view->addAction(panel->dock()->toggleViewAction());
    }
}

void MainWindow::createStatusBar()
{
    m_pointerLabel = new QLabel(this);
    m_pointerLabel->setObjectName(QStringLiteral("pointerLabel"));
    m_pointerLabel->setMinimumWidth(fontMetrics().horizontalAdvance(
        QStringLiteral("[000, 000, 000] = -0.0000e+00   LPS (-000.0, -000.0, -000.0) mm")));
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(180);
    m_progress->hide();
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelButton->hide();
    connect(m_cancelButton, &QToolButton::clicked, this, &MainWindow::cancelJobs);
    statusBar()->addPermanentWidget(m_pointerLabel);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancelButton);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString& path : files) {
        m_recentMenu->addAction(path, this, [this, path] { openPaths({ path }); });
    }
    m_recentMenu->addSeparator();
    m_recentMenu
        ->addAction(tr("Clear List"), this,
            [this] {
                clearRecentFiles();
                rebuildRecentMenu();
            })
        ->setEnabled(!files.isEmpty());
}

void MainWindow::rebuildWindowMenu()
{
    m_windowMenu->clear();
    const auto& windows = m_document->loaded().windows;
    for (std::size_t n = 0; n < windows.size(); ++n) {
        const core::WindowLevel window = windows[n];
        QAction* action = m_windowMenu->addAction(tr("%1  (W %2, L %3)")
                                                      .arg(QString::fromStdString(window.name))
                                                      .arg(window.width, 0, 'f', 0)
                                                      .arg(window.center, 0, 'f', 0),
            this, [this, window] { m_document->setWindow(window); });
        if (n < 9) {
            action->setShortcut(QKeySequence(Qt::Key_1 + static_cast<int>(n)));
        }
    }
    if (windows.empty()) {
        m_windowMenu->addAction(tr("(no image)"))->setEnabled(false);
    }
}

void MainWindow::applySettings()
{
    for (SliceView* view : m_views) {
        view->setSmoothScaling(m_settings.smoothScaling);
    }
    OverlayStyle style = m_document->overlayStyle();
    style.opacity = m_settings.overlayOpacityPercent / 100.0;
    style.filled = m_settings.overlayFilled;
    m_document->setOverlayStyle(style);
    m_tree->setIconSize(QSize(m_settings.thumbnailSize, m_settings.thumbnailSize));
    refreshModelRuns();
    m_pacs->settingsChanged();
}

void MainWindow::setSettings(const ViewerSettings& settings)
{
    m_settings = settings;
    m_settings.save();
    applySettings();
}

void MainWindow::showSettingsDialog()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() == QDialog::Accepted) {
        setSettings(dialog.settings());
    }
}

void MainWindow::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open Images"), {},
        tr("Medical images (*.dcm *.DCM DICOMDIR *.nii *.nii.gz *.hdr *.png *.jpg *.jpeg *.bmp *.tif *.tiff);;All "
           "files (*)"));
    if (!files.isEmpty()) {
        openPaths(files);
    }
}

void MainWindow::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Folder"));
    if (!folder.isEmpty()) {
        openPaths({ folder });
    }
}

void MainWindow::chooseMask()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Open Label Mask"), {}, tr("Masks (*.nii *.nii.gz *.txt);;All files (*)"));
    if (!file.isEmpty()) {
        openMask(file);
    }
}

void MainWindow::exportScreenshot()
{
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Screenshot"), QStringLiteral("dinolens.png"), tr("Images (*.png *.jpg)"));
    if (!file.isEmpty() && saveScreenshot(sliceView(m_activeAxis), file)) {
        statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
    }
}

bool MainWindow::saveScreenshot(QWidget* widget, const QString& path)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    const QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (widget == nullptr || !buffer.open(QIODevice::WriteOnly)
        || !widget->grab().save(&buffer, format.isEmpty() ? "png" : format.constData())) {
        showMessage(tr("Cannot write the screenshot %1").arg(path), true);
        return false;
    }
    const auto written = dinolens::core::writeFileAtomically(
        path.toStdString(), std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!written) {
        showMessage(tr("Cannot write the screenshot %1").arg(path), true);
        return false;
    }
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) {
            paths << url.toLocalFile();
        }
    }
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        openPaths(paths);
    }
}

} // namespace dinolens::ui
