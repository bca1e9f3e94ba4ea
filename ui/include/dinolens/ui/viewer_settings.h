#pragma once
// The viewer's persisted preferences (QSettings, organisation "DinoLens", application "DinoLens"), with the
// recent-files list. Ownership: plain value. Thread-safety: GUI thread (QSettings of the application).

#include <QStringList>

#include <vector>

#include "dinolens/pacs/pacs_node.h"

namespace dinolens::ui {

struct ViewerSettings {
    bool smoothScaling = false; // bilinear display scaling instead of nearest pixels
    int overlayOpacityPercent = 45;
    bool overlayFilled = true;
    int thumbnailSize = 64; // pixels
    int maxRecentFiles = 10;
    QStringList modelFolders; // trained run folders (or folders of runs) offered for segmentation
    int threads = 0; // LibTorch intra-op threads for models; 0 = one per core
    bool useCuda = false; // run backbones on an NVIDIA GPU when LibTorch has CUDA (else the CPU, with a warning)
    QString language; // "" = the system's, else "en", "de", "fr" (applies at the next start)
    // Preferences > PACS. Passwords and tokens are kept in the settings file as text (as the node file keeps them).
    std::vector<pacs::PacsNode> pacsNodes;
    QString pacsCacheFolder; // "" = <application data>/pacs-cache
    int pacsCacheCapMegabytes = 10240; // MiB; 0 = no cap

    /// The retrieve cache's folder: pacsCacheFolder, or the default under the application's data location.
    QString pacsCacheRoot() const;

    static ViewerSettings load();
    void save() const;
};

/// The recent files/folders, most recent first.
QStringList recentFiles();
/// Moves `path` to the front of the recent list (keeping at most `maxEntries`).
void addRecentFile(const QString& path, int maxEntries);
void clearRecentFiles();

} // namespace dinolens::ui
