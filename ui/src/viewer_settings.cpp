#include "dinolens/ui/viewer_settings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace dinolens::ui {
namespace {
const QString kRecentKey = QStringLiteral("recentFiles");
}

ViewerSettings ViewerSettings::load()
{
    const QSettings settings;
    ViewerSettings values;
    values.smoothScaling = settings.value(QStringLiteral("view/smoothScaling"), values.smoothScaling).toBool();
    values.overlayOpacityPercent = std::clamp(
        settings.value(QStringLiteral("overlay/opacityPercent"), values.overlayOpacityPercent).toInt(), 0, 100);
    values.overlayFilled = settings.value(QStringLiteral("overlay/filled"), values.overlayFilled).toBool();
    values.thumbnailSize
        = std::clamp(settings.value(QStringLiteral("browser/thumbnailSize"), values.thumbnailSize).toInt(), 16, 256);
    values.maxRecentFiles
        = std::clamp(settings.value(QStringLiteral("recent/max"), values.maxRecentFiles).toInt(), 1, 50);
    values.modelFolders = settings.value(QStringLiteral("models/folders")).toStringList();
    values.language = settings.value(QStringLiteral("view/language")).toString();
    values.threads = std::clamp(settings.value(QStringLiteral("models/threads"), values.threads).toInt(), 0, 256);
    values.useCuda = settings.value(QStringLiteral("models/device")).toString() == QStringLiteral("cuda");
    // The nodes in the JSON of a node file (pacs_node.h); a file that no longer parses leaves the list empty.
    const std::string nodes = settings.value(QStringLiteral("pacs/nodes")).toString().toStdString();
    if (!nodes.empty()) {
        auto parsed = pacs::parsePacsNodes(nlohmann::json::parse(nodes, nullptr, false));
        values.pacsNodes = parsed ? std::move(*parsed) : std::vector<pacs::PacsNode> {};
    }
    values.pacsCacheFolder = settings.value(QStringLiteral("pacs/cacheFolder")).toString();
    values.pacsCacheCapMegabytes
        = std::max(0, settings.value(QStringLiteral("pacs/cacheCapMegabytes"), values.pacsCacheCapMegabytes).toInt());
    return values;
}

void ViewerSettings::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("view/smoothScaling"), smoothScaling);
    settings.setValue(QStringLiteral("overlay/opacityPercent"), overlayOpacityPercent);
    settings.setValue(QStringLiteral("overlay/filled"), overlayFilled);
    settings.setValue(QStringLiteral("browser/thumbnailSize"), thumbnailSize);
    settings.setValue(QStringLiteral("recent/max"), maxRecentFiles);
    settings.setValue(QStringLiteral("models/folders"), modelFolders);
    settings.setValue(QStringLiteral("models/threads"), threads);
    settings.setValue(QStringLiteral("models/device"), useCuda ? QStringLiteral("cuda") : QStringLiteral("cpu"));
    settings.setValue(QStringLiteral("view/language"), language);
    settings.setValue(QStringLiteral("pacs/nodes"), QString::fromStdString(pacs::pacsNodesToJson(pacsNodes).dump()));
    settings.setValue(QStringLiteral("pacs/cacheFolder"), pacsCacheFolder);
    settings.setValue(QStringLiteral("pacs/cacheCapMegabytes"), pacsCacheCapMegabytes);
}

QString ViewerSettings::pacsCacheRoot() const
{
    if (!pacsCacheFolder.trimmed().isEmpty()) {
        return pacsCacheFolder.trimmed();
    }
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("pacs-cache"));
}

QStringList recentFiles()
{
    return QSettings().value(kRecentKey).toStringList();
}

void addRecentFile(const QString& path, int maxEntries)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > std::max(maxEntries, 1)) {
        files.removeLast();
    }
    QSettings().setValue(kRecentKey, files);
}

void clearRecentFiles()
{
    QSettings().remove(kRecentKey);
}

} // namespace dinolens::ui
