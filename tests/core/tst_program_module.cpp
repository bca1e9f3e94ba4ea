// DinoLens's own on-demand modules (core/program_module.h): a module that is missing, not a shared object, or of
// another version (no entry) is a clear Internal error naming it; a real module gives its entry. The image codecs
// module of this build serves as the real one ($DINOLENS_TEST_CODECS_MODULE).
#include <QtTest/QtTest>

#include <fstream>
#include <string>

#include "dinolens/core/program_module.h"

using namespace dinolens::core;

namespace {

ProgramModule moduleAt(const std::string& path, const char* entry = "dinolens_image_codecs_table")
{
    static std::string held;
    held = path;
    return { .fileName = "libdinolens_test_absent.so",
        .libDir = "lib",
        .buildPath = held.c_str(),
        .entry = entry,
        .description = "the test module" };
}

} // namespace

class TestProgramModule : public QObject {
    Q_OBJECT

private slots:
    void aMissingModuleSaysItIsNotInstalled()
    {
        QTemporaryDir dir;
        for (const std::string& path : { std::string(), dir.filePath(QStringLiteral("none.so")).toStdString(),
                 dir.path().toStdString() }) { // none, a missing file, a folder
            auto entry = loadProgramModule(moduleAt(path), "opening");
            QVERIFY(!entry);
            QCOMPARE(entry.error().code, ErrorCode::Internal);
            QCOMPARE(entry.error().context, std::string("opening"));
            QVERIFY2(entry.error().message.find("libdinolens_test_absent.so) is not installed") != std::string::npos,
                entry.error().message.c_str());
        }
    }

    void aFileThatIsNotALibraryIsRefusedWithTheLoadersReason()
    {
        QTemporaryDir dir;
        for (const char* bytes : { "", "not a shared object\n",
                 "\x7f"
                 "ELF\x02\x01\x01" }) {
            const std::string path = dir.filePath(QStringLiteral("fake.so")).toStdString();
            std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
            auto entry = loadProgramModule(moduleAt(path), {});
            QVERIFY(!entry);
            QCOMPARE(entry.error().code, ErrorCode::Internal);
            QVERIFY2(entry.error().message.rfind("cannot load the test module (" + path + "): ", 0) == 0,
                entry.error().message.c_str());
        }
    }

    void aModuleWithoutTheEntryIsOfAnotherVersion()
    {
        const QByteArray codecs = qgetenv("DINOLENS_TEST_CODECS_MODULE");
        if (codecs.isEmpty()) {
            QSKIP("DINOLENS_TEST_CODECS_MODULE is not set (run through ctest)");
        }
        auto entry = loadProgramModule(moduleAt(codecs.toStdString(), "dinolens_no_such_entry"), {});
        QVERIFY(!entry);
        QVERIFY2(entry.error().message.find("is of another DinoLens version") != std::string::npos,
            entry.error().message.c_str());
    }

    void aRealModuleGivesItsEntry()
    {
        const QByteArray codecs = qgetenv("DINOLENS_TEST_CODECS_MODULE");
        if (codecs.isEmpty()) {
            QSKIP("DINOLENS_TEST_CODECS_MODULE is not set (run through ctest)");
        }
        auto entry = loadProgramModule(moduleAt(codecs.toStdString()), {});
        QVERIFY2(entry, entry ? "" : entry.error().toString().c_str());
        QVERIFY(*entry != nullptr);
        auto again = loadProgramModule(moduleAt(codecs.toStdString()), {});
        QVERIFY(again);
        QCOMPARE(*again, *entry); // the same loaded module
    }
};

QTEST_GUILESS_MAIN(TestProgramModule)
#include "tst_program_module.moc"
