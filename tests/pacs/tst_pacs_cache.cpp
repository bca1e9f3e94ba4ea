// The retrieve cache: size cap, least-recently-used eviction by series, leftovers of crashed writers.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <thread>

#include "dinolens/pacs/retrieve_cache.h"

using namespace dinolens;
namespace fs = std::filesystem;

namespace {

void writeBytes(const fs::path& path, std::size_t size)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << std::string(size, 'x');
}

} // namespace

class TestPacsCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void uidsSafeAsFileNames()
    {
        QVERIFY(pacs::isSafeUid("1.2.840.10008.5.1"));
        for (const char* uid : { "", "../etc", "1.2/3", ".1", "1.2.3 ", "a.b" }) {
            QVERIFY2(!pacs::isSafeUid(uid), uid);
        }
        QVERIFY(!pacs::isSafeUid(std::string(65, '1')));
    }

    void leastRecentlyUsedSeriesGoFirst()
    {
        QTemporaryDir dir;
        pacs::RetrieveCache cache(dir.path().toStdString(), 2500);
        const fs::path oldStudy = cache.studyFolder("1.1").value();
        writeBytes(oldStudy / "1.1.1" / "1.1.1.1.dcm", 1000);
        writeBytes(oldStudy / "1.1.2" / "1.1.2.1.dcm", 1000);
        QVERIFY(cache.markUsed("1.1", "1.1.1").ok());
        QVERIFY(cache.markUsed("1.1", "1.1.2").ok());
        // File times have a coarse resolution on some file systems.
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        QVERIFY(cache.markUsed("1.1", "1.1.1").ok()); // now the more recent of the two
        const fs::path newStudy = cache.studyFolder("2.2").value();
        writeBytes(newStudy / "2.2.1" / "2.2.1.1.dcm", 1000);
        QCOMPARE(cache.usage()->bytes, std::uint64_t(3000));
        QCOMPARE(cache.usage()->series, 3);

        const auto removed = cache.enforceCap("2.2");
        QVERIFY(removed.ok());
        QCOMPARE(removed->size(), std::size_t(1));
        QVERIFY(!fs::exists(oldStudy / "1.1.2"));
        QVERIFY(fs::exists(oldStudy / "1.1.1" / "1.1.1.1.dcm"));
        QVERIFY(fs::exists(newStudy / "2.2.1" / "2.2.1.1.dcm"));
        QVERIFY(cache.usage()->bytes <= cache.capBytes());
    }

    void keptStudyStaysEvenOverTheCap()
    {
        QTemporaryDir dir;
        pacs::RetrieveCache cache(dir.path().toStdString(), 100);
        writeBytes(cache.studyFolder("3.3").value() / "3.3.1" / "a.dcm", 1000);
        QVERIFY(cache.enforceCap("3.3")->empty());
        QCOMPARE(cache.enforceCap()->size(), std::size_t(1));
        QCOMPARE(cache.usage()->series, 0);
        QVERIFY(!fs::exists(cache.root() / "3.3")); // the empty study folder goes too
    }

    void unsafeUidsAndMissingSeriesAreRefused()
    {
        QTemporaryDir dir;
        pacs::RetrieveCache cache(dir.path().toStdString(), 0);
        QCOMPARE(cache.studyFolder("../../x").error().code, core::ErrorCode::InvalidArgument);
        QCOMPARE(cache.markUsed("1.2", "3.4").error().code, core::ErrorCode::NotFound);
        QVERIFY(cache.enforceCap()->empty()); // no cap
    }

    void leftoversOfCrashedWritersAreRemoved()
    {
        QTemporaryDir dir;
        pacs::RetrieveCache cache(dir.path().toStdString(), 0);
        const fs::path series = cache.studyFolder("4.4").value() / "4.4.1";
        writeBytes(series / ".partial-AbC123-4.4.1.1.dcm", 10);
        writeBytes(series / "4.4.1.2.dcm", 10);
        QCOMPARE(cache.removeLeftovers().value(), 1);
        QVERIFY(fs::exists(series / "4.4.1.2.dcm"));
        QVERIFY(!fs::exists(series / ".partial-AbC123-4.4.1.1.dcm"));
    }
};

QTEST_GUILESS_MAIN(TestPacsCache)
#include "tst_pacs_cache.moc"
