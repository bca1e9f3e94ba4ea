#include "dinolens/ui/translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace dinolens::ui {

QStringList availableLanguages()
{
    return { QString(), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr") };
}

bool installTranslation(const QString& code)
{
    static QTranslator* installed = nullptr;
    if (installed != nullptr) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
        installed = nullptr;
    }
    const QString language = code.isEmpty() ? QLocale::system().name().section(QLatin1Char('_'), 0, 0) : code;
    if (language == QStringLiteral("en")) {
        return true;
    }
    auto* translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(QStringLiteral(":/i18n/dinolens_%1.qm").arg(language))) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    installed = translator;
    return true;
}

} // namespace dinolens::ui
