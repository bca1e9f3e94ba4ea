#pragma once
// The viewer's persisted preferences (QSettings, organisation "DinoLens", application "DinoLens"), with the
// recent-files list. Ownership: plain value. Thread-safety: GUI thread (QSettings of the application).

#include <QStringList>

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

    static ViewerSettings load();
    void save() const;
};

/// The recent files/folders, most recent first.
QStringList recentFiles();
/// Moves `path` to the front of the recent list (keeping at most `maxEntries`).
void addRecentFile(const QString& path, int maxEntries);
void clearRecentFiles();

} // namespace dinolens::ui
