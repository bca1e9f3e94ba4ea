#pragma once
// The viewer's command line, read by app/viewer/main.cpp and acted on here:
//   dinolens [--mask <file>] [--model <run>] [path ...]   paths: folders, DICOMDIR, DICOM/NIfTI/image files
//   dinolens --headless <out> --model <run | demo> [--compare-model <run | demo>] <path>   the sample job
// ("demo" names the shipped demo model, as in dinolens-cli). Thread-safety: GUI thread only.

#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace dinolens::ui {

class MainWindow;

struct ViewerCommandLine {
    QStringList paths;
    QString mask; // label mask opened over the first complete volume
    QString model; // run folder ("demo" already resolved to the demo model's folder)
    QString compareModel; // run folder of model B (--headless)
    QString headlessFolder; // non-empty: the sample job without a display, writing into this folder
    bool quitAfterFirstWindow = false; // hidden, for `dinolens-cli bench startup`
};

/// Declares the viewer's options and positional arguments on `parser` (with --help and --version).
void addViewerOptions(QCommandLineParser& parser);

/// The command line `parser` has parsed (or processed).
ViewerCommandLine viewerCommandLine(const QCommandLineParser& parser);

/// The interactive start: adds the model folder to the model list, opens the paths, and opens the mask once the
/// first complete volume is shown (it needs the volume's geometry).
void openCommandLine(MainWindow& window, const ViewerCommandLine& line);

} // namespace dinolens::ui
