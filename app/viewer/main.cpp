// The viewer's composition root: application identity, language, command line, main window.
//   dinolens [--mask <file>] [path ...]   paths: folders, DICOMDIR, DICOM/NIfTI/image files
//   dinolens --bench-ui [options]   the viewer's responsiveness benchmark (bench_ui.h)
//   dinolens --headless <out> --model <run | demo> [--compare-model <run | demo>] <path>
//       the sample job without a display: segment, compare, write screenshots and report.md under <out>
#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <cstring>

#include "bench_ui.h"
#include "dinolens/core/blas_kernels.h"
#include "dinolens/core/tensor_memory.h"
#include "dinolens/ui/headless_session.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/translations.h"
#include "dinolens/ui/viewer_command_line.h"
#include "dinolens/ui/viewer_settings.h"
#include "dinolens/version.h"

namespace {

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

} // namespace

int main(int argc, char* argv[])
{
    if (printVersionIfAsked(argc, argv)) {
        return 0;
    }
    dinolens::core::keepTensorMemory();
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
    dinolens::ui::addViewerOptions(parser);
    parser.process(app);
    const dinolens::ui::ViewerCommandLine line = dinolens::ui::viewerCommandLine(parser);

    dinolens::ui::MainWindow window;
    window.show();
    if (line.quitAfterFirstWindow) {
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
        return QApplication::exec();
    }
    if (!line.headlessFolder.isEmpty()) {
        if (line.paths.isEmpty() || line.model.isEmpty()) {
            std::fputs("--headless needs --model <run> and a study path\n", stderr);
            return 2;
        }
        auto* session = new dinolens::ui::HeadlessSession(&window, line.headlessFolder, &window);
        QObject::connect(session, &dinolens::ui::HeadlessSession::finished, &app, [](int code, const QString& text) {
            QTextStream(code == 0 ? stdout : stderr) << text << '\n';
            QCoreApplication::exit(code);
        });
        session->start(line.paths.front(), line.model, line.compareModel);
        return QApplication::exec();
    }
    dinolens::ui::openCommandLine(window, line);
    return QApplication::exec();
}
