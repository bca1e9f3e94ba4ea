#include "dinolens/ui/viewer_command_line.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

#include <memory>

#include "dinolens/ui/main_window.h"
#include "dinolens/ui/segmentation_jobs.h"

namespace dinolens::ui {
namespace {

const QString kMask = QStringLiteral("mask");
const QString kHeadless = QStringLiteral("headless");
const QString kModel = QStringLiteral("model");
const QString kCompareModel = QStringLiteral("compare-model");
const QString kQuitAfterFirstWindow = QStringLiteral("quit-after-first-window");

// A run folder given on the command line; "demo" names the shipped demo model, as in dinolens-cli.
QString runFolder(const QString& nameOrPath)
{
    return nameOrPath == QStringLiteral("demo") ? QDir(defaultModelsFolder()).filePath(nameOrPath) : nameOrPath;
}

} // namespace

void addViewerOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QApplication::translate("main", "Brain MRI viewer"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption maskOption(
        kMask, QApplication::translate("main", "Label mask to overlay (NIfTI or .txt)."), QStringLiteral("file"));
    const QCommandLineOption headlessOption(kHeadless,
        QApplication::translate("main", "Without a display: segment and compare, write screenshots and a report."),
        QStringLiteral("folder"));
    const QCommandLineOption modelOption(
        kModel, QApplication::translate("main", "Trained run folder (model A)."), QStringLiteral("run"));
    const QCommandLineOption compareOption(kCompareModel,
        QApplication::translate("main", "Second run folder to compare (model B)."), QStringLiteral("run"));
    // For `dinolens-cli bench startup`: show the main window, then quit once the events of showing it are handled.
    QCommandLineOption quitAfterWindowOption(
        kQuitAfterFirstWindow, QStringLiteral("Quit once the first window is shown (start-up timing)."));
    quitAfterWindowOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({ maskOption, headlessOption, modelOption, compareOption, quitAfterWindowOption });
    parser.addPositionalArgument(QStringLiteral("paths"),
        QApplication::translate("main", "Folders, DICOMDIR, DICOM, NIfTI or image files."),
        QStringLiteral("[paths...]"));
}

ViewerCommandLine viewerCommandLine(const QCommandLineParser& parser)
{
    ViewerCommandLine line;
    line.paths = parser.positionalArguments();
    line.mask = parser.value(kMask);
    line.model = parser.isSet(kModel) ? runFolder(parser.value(kModel)) : QString();
    line.compareModel = parser.isSet(kCompareModel) ? runFolder(parser.value(kCompareModel)) : QString();
    line.headlessFolder = parser.value(kHeadless);
    line.quitAfterFirstWindow = parser.isSet(kQuitAfterFirstWindow);
    return line;
}

void openCommandLine(MainWindow& window, const ViewerCommandLine& line)
{
    if (!line.model.isEmpty()) {
        window.addModelFolder(line.model); // kept in the settings' model folders
    }
    if (!line.paths.isEmpty()) {
        window.openPaths(line.paths);
    }
    if (line.mask.isEmpty()) {
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(
        &window, &MainWindow::volumeShown, &window, [&window, mask = line.mask, connection](bool complete) {
            if (complete) {
                QObject::disconnect(*connection);
                // After the window has handled the volume: it starts looking for a companion mask right after
                // announcing the volume, and that load would replace this one.
                QMetaObject::invokeMethod(
                    &window, [&window, mask] { window.openMask(mask); }, Qt::QueuedConnection);
            }
        });
}

} // namespace dinolens::ui
