// The viewer's composition root: application identity, language, command line, main window.
//   dinolens [--mask <file>] [path ...]   paths: folders, DICOMDIR, DICOM/NIfTI/image files
//   dinolens --bench-ui [options]   the viewer's responsiveness benchmark (bench_ui.h)
//   dinolens --headless <out> --model <run | demo> [--compare-model <run | demo>] <path>
//       the sample job without a display: segment, compare, write screenshots and report.md under <out>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMetaObject>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <memory>

#include "bench_ui.h"
#include "dinolens/core/blas_kernels.h"
#include "dinolens/ui/headless_session.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/segmentation_jobs.h"
#include "dinolens/ui/translations.h"
#include "dinolens/ui/viewer_settings.h"
#include "dinolens/version.h"

namespace {

void openMaskWhenShown(dinolens::ui::MainWindow& window, const QString& mask)
{
    // The mask needs the volume's geometry, so it waits for the first complete volume.
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(
        &window, &dinolens::ui::MainWindow::volumeShown, &window, [&window, mask, connection](bool complete) {
            if (complete) {
                QObject::disconnect(*connection);
                window.openMask(mask);
            }
        });
}

// -v / --version anywhere on the command line: answered before Qt starts, so it needs no display.
bool printVersionIfAsked(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::puts("DinoLens " DINOLENS_VERSION_STRING);
            return true;
        }
    }
    return false;
}

// A run folder given on the command line; "demo" names the shipped demo model, as in dinolens-cli.
QString runFolder(const QString& nameOrPath)
{
    return nameOrPath == QStringLiteral("demo") ? QDir(dinolens::ui::defaultModelsFolder()).filePath(nameOrPath)
                                                : nameOrPath;
}

} // namespace

int main(int argc, char* argv[])
{
    if (printVersionIfAsked(argc, argv)) {
        return 0;
    }
    dinolens::core::selectBlasKernels();
    if (dinolens::app::isUiBenchmarkCommand(argc, argv)) {
        return dinolens::app::runUiBenchmarkCommand(argc, argv); // its own offscreen QApplication
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("DinoLens"));
    QApplication::setApplicationName(QStringLiteral("DinoLens"));
    QApplication::setApplicationVersion(QStringLiteral(DINOLENS_VERSION_STRING));
    dinolens::ui::installTranslation(dinolens::ui::ViewerSettings::load().language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Brain MRI viewer"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption maskOption(QStringLiteral("mask"),
        QApplication::translate("main", "Label mask to overlay (NIfTI or .txt)."), QStringLiteral("file"));
    const QCommandLineOption headlessOption(QStringLiteral("headless"),
        QApplication::translate("main", "Without a display: segment and compare, write screenshots and a report."),
        QStringLiteral("folder"));
    const QCommandLineOption modelOption(QStringLiteral("model"),
        QApplication::translate("main", "Trained run folder (model A)."), QStringLiteral("run"));
    const QCommandLineOption compareOption(QStringLiteral("compare-model"),
        QApplication::translate("main", "Second run folder to compare (model B)."), QStringLiteral("run"));
    // For `dinolens-cli bench startup`: show the main window, then quit once the events of showing it are handled.
    QCommandLineOption quitAfterWindowOption(QStringLiteral("quit-after-first-window"),
        QStringLiteral("Quit once the first window is shown (start-up timing)."));
    quitAfterWindowOption.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({ maskOption, headlessOption, modelOption, compareOption, quitAfterWindowOption });
    parser.addPositionalArgument(QStringLiteral("paths"),
        QApplication::translate("main", "Folders, DICOMDIR, DICOM, NIfTI or image files."),
        QStringLiteral("[paths...]"));
    parser.process(app);

    dinolens::ui::MainWindow window;
    window.show();
    if (parser.isSet(quitAfterWindowOption)) {
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
        return QApplication::exec();
    }
    if (parser.isSet(headlessOption)) {
        if (parser.positionalArguments().isEmpty() || !parser.isSet(modelOption)) {
            std::fputs("--headless needs --model <run> and a study path\n", stderr);
            return 2;
        }
        auto* session = new dinolens::ui::HeadlessSession(&window, parser.value(headlessOption), &window);
        QObject::connect(session, &dinolens::ui::HeadlessSession::finished, &app, [](int code, const QString& text) {
            QTextStream(code == 0 ? stdout : stderr) << text << '\n';
            QCoreApplication::exit(code);
        });
        session->start(parser.positionalArguments().front(), runFolder(parser.value(modelOption)),
            runFolder(parser.value(compareOption)));
        return QApplication::exec();
    }
    if (parser.isSet(modelOption)) {
        window.addModelFolder(runFolder(parser.value(modelOption))); // kept in the settings' model folders
    }
    if (!parser.positionalArguments().isEmpty()) {
        window.openPaths(parser.positionalArguments());
    }
    if (parser.isSet(maskOption)) {
        openMaskWhenShown(window, parser.value(maskOption));
    }
    return QApplication::exec();
}
