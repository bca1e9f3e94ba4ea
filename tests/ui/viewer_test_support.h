#pragma once
// Helpers shared by the viewer's GUI tests: opening real data through the window and waiting for it.

#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest/QtTest>

#include "dinolens/core/windowing.h"
#include "dinolens/ui/main_window.h"
#include "dinolens/ui/slice_view.h"
#include "dinolens/ui/viewer_document.h"
#include "test_data.h"

namespace dinolens::test {

// Generous: the machines running the suite are often busy compiling.
inline constexpr int kWaitMs = 20000;

inline void useTestSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    // One settings file (and data folder) per test program: `ctest -j` runs programs side by side, and one shared
    // file would let them read each other's recent files, models and window state.
    QCoreApplication::setOrganizationName(QStringLiteral("DinoLensTest"));
    QCoreApplication::setApplicationName(QFileInfo(QCoreApplication::applicationFilePath()).completeBaseName());
}

inline QString dataString(const std::string& relative)
{
    return QString::fromStdString(dataPath(relative).string());
}

/// Opens `relative` and waits until the complete volume is shown (and, when `withMask`, its companion mask).
inline bool openAndWait(ui::MainWindow& window, const std::string& relative, bool withMask = false)
{
    QSignalSpy shown(&window, &ui::MainWindow::volumeShown);
    QSignalSpy masked(&window, &ui::MainWindow::maskShown);
    window.openPaths({ dataString(relative) });
    const auto complete = [&] {
        for (const auto& arguments : shown) {
            if (arguments.at(0).toBool()) {
                return true;
            }
        }
        return false;
    };
    if (!QTest::qWaitFor(complete, kWaitMs)) {
        return false;
    }
    return !withMask || QTest::qWaitFor([&] { return masked.count() > 0; }, kWaitMs);
}

/// The grey value core's windowing gives plane pixel (x, y) of `view` under the document's window.
inline int expectedGrey(const ui::SliceView& view, const ui::ViewerDocument& document, int x, int y)
{
    const core::Volume& volume = *document.volume();
    const auto v = view.plane().voxelOf(x, y, view.slice());
    const std::size_t index = static_cast<std::size_t>(v[0])
        + static_cast<std::size_t>(volume.dims[0])
            * (static_cast<std::size_t>(v[1])
                + static_cast<std::size_t>(volume.dims[1]) * static_cast<std::size_t>(v[2]));
    const int grey = core::windowValue(volume.value(index), document.window().center, document.window().width);
    return volume.monochrome1 ? 255 - grey : grey;
}

} // namespace dinolens::test
