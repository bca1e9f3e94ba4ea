// The German and French translations built into the ui library: they load, and the window shows them.
#include <QMenuBar>
#include <QtTest/QtTest>

#include "dinolens/ui/main_window.h"
#include "dinolens/ui/translations.h"
#include "viewer_test_support.h"

using namespace dinolens;
using namespace dinolens::ui;

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void menusAreTranslated_data();
    void menusAreTranslated();
    void cleanupTestCase();
};

void TestTranslations::initTestCase()
{
    dinolens::test::useTestSettings();
}

void TestTranslations::menusAreTranslated_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("fileMenu");
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("&File");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("&Datei");
    QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("&Fichier");
}

void TestTranslations::menusAreTranslated()
{
    QFETCH(QString, language);
    QFETCH(QString, fileMenu);
    QVERIFY(installTranslation(language));
    MainWindow window;
    QCOMPARE(window.menuBar()->actions().front()->text(), fileMenu);
}

void TestTranslations::cleanupTestCase()
{
    QVERIFY(installTranslation(QStringLiteral("en")));
    QVERIFY(!installTranslation(QStringLiteral("xx"))); // unknown: English stays
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
