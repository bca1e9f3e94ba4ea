#pragma once
// The viewer's languages: English (the source) plus the Qt Linguist translations built into the ui library
// (translations/dinolens_<code>.ts, compiled by lrelease into resources under ":/i18n").
// Thread-safety: GUI thread, before widgets are created (a change applies to windows created afterwards).

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace dinolens::ui {

/// Language codes offered in the settings: "" (the system's), "en", "de", "fr".
QStringList availableLanguages();
/// Installs the translator for `code` ("" = the system locale's language); false when none is found
/// (English then stays). Replaces a translator installed before.
bool installTranslation(const QString& code);

} // namespace dinolens::ui
