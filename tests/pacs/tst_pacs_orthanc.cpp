// End to end against a real Orthanc (the `orthanc` CTest fixture): echo, search, retrieve over WADO-RS, C-GET and
// C-MOVE, and a DICOM SEG of the retrieved series sent back over STOW-RS and C-STORE, after which Orthanc's own
// REST API lists the SEG series in the study.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <set>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/pacs/pacs_client.h"
#include "orthanc_test_server.h"

using namespace dinolens;
namespace fs = std::filesystem;

namespace {

std::set<std::string> sopUids(const pacs::RetrieveSummary& summary)
{
    std::set<std::string> uids;
    for (const pacs::RetrievedInstance& instance : summary.instances) {
        uids.insert(instance.sopInstanceUid);
    }
    return uids;
}

bool holdsPartialFiles(const fs::path& folder)
{
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.path().filename().string().rfind(".partial-", 0) == 0) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestPacsOrthanc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_ORTHANC(m_server);
        pacs::PacsQuery query;
        query.level = pacs::QueryLevel::Series;
        // The loaded MR series of the shared study's patient, whatever SEGs, Secondary Captures and anonymised copies
        // other tests have sent.
        query.modality = "MR";
        query.patientId = "jflab";
        const auto found = pacs::find(m_server.dicomWeb(), query);
        QVERIFY2(found.ok(), found.ok() ? "" : found.error().toString().c_str());
        QCOMPARE(found->matches.size(), std::size_t(1));
        m_studyUid = found->matches.front().studyUid;
        m_seriesUid = found->matches.front().seriesUid;
    }

    void echoAnswersOverBothProtocols()
    {
        const auto web = pacs::echo(m_server.dicomWeb());
        QVERIFY2(web.ok(), web.ok() ? "" : web.error().toString().c_str());
        const auto dimse = pacs::echo(m_server.dimse());
        QVERIFY2(dimse.ok(), dimse.ok() ? "" : dimse.error().toString().c_str());
    }

    void studySearchMatchesWildcardsOverBothProtocols()
    {
        for (const pacs::PacsNode& node : { m_server.dicomWeb(), m_server.dimse() }) {
            pacs::PacsQuery query;
            query.patientName = "DTI*";
            query.studyDate = "20240101-20241231";
            const auto found = pacs::find(node, query);
            QVERIFY2(found.ok(), found.ok() ? "" : found.error().toString().c_str());
            QCOMPARE(found->matches.size(), std::size_t(1));
            const pacs::PacsMatch& study = found->matches.front();
            QCOMPARE(study.studyUid, m_studyUid);
            QCOMPARE(study.patientId, std::string("jflab"));
            QCOMPARE(study.studyDate, std::string("20241009"));
            QVERIFY(study.modalities.find("MR") != std::string::npos);
            QVERIFY(study.instanceCount >= m_server.loadedInstances());

            query.patientName = "nobody*";
            QVERIFY(pacs::find(node, query)->matches.empty());
        }
    }

    void seriesSearchOverDimseNamesTheSeries()
    {
        pacs::PacsQuery query;
        query.level = pacs::QueryLevel::Series;
        query.studyUid = m_studyUid;
        query.modality = "MR";
        const auto found = pacs::find(m_server.dimse(), query);
        QVERIFY2(found.ok(), found.ok() ? "" : found.error().toString().c_str());
        QCOMPARE(found->matches.size(), std::size_t(1));
        QCOMPARE(found->matches.front().seriesUid, m_seriesUid);
        QCOMPARE(found->matches.front().instanceCount, m_server.loadedInstances());
        QCOMPARE(found->matches.front().seriesDescription, std::string("DWI_SagAP"));
    }

    void seriesArriveOverWadoRs()
    {
        long long lastDone = 0;
        long long lastTotal = 0;
        int arrived = 0;
        pacs::RetrieveOptions options;
        options.destination = fs::path(m_dir.path().toStdString()) / "wado";
        options.progress = [&](long long done, long long total, const std::string&) {
            lastDone = done;
            lastTotal = total;
        };
        options.onInstance
            = [&](const pacs::RetrievedInstance& instance) { arrived += fs::exists(instance.file) ? 1 : 0; };
        const auto summary = pacs::retrieve(m_server.dicomWeb(), { m_studyUid, m_seriesUid }, options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->method, std::string("WADO-RS"));
        QCOMPARE(static_cast<int>(summary->instances.size()), m_server.loadedInstances());
        QCOMPARE(arrived, m_server.loadedInstances());
        QCOMPARE(lastDone, static_cast<long long>(m_server.loadedInstances()));
        QCOMPARE(lastTotal, static_cast<long long>(m_server.loadedInstances()));
        QVERIFY(summary->bytes > 0);
        QVERIFY(!holdsPartialFiles(options.destination));
        m_wadoUids = sopUids(*summary);
        QCOMPARE(static_cast<int>(m_wadoUids.size()), m_server.loadedInstances());
    }

    void seriesArriveOverCGetAndCMove()
    {
        for (const auto method : { pacs::DimseRetrieval::Get, pacs::DimseRetrieval::Move }) {
            pacs::RetrieveOptions options;
            options.destination
                = fs::path(m_dir.path().toStdString()) / (method == pacs::DimseRetrieval::Get ? "cget" : "cmove");
            options.dimseRetrieval = method;
            const auto summary = pacs::retrieve(m_server.dimse(), { m_studyUid, m_seriesUid }, options);
            QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
            QCOMPARE(summary->method, std::string(method == pacs::DimseRetrieval::Get ? "C-GET" : "C-MOVE"));
            QCOMPARE(sopUids(*summary), m_wadoUids);
            for (const pacs::RetrievedInstance& instance : summary->instances) {
                QVERIFY(fs::file_size(instance.file) > 0);
            }
            QVERIFY(!holdsPartialFiles(options.destination));
        }
    }

    void refusedCGetFallsBackToCMove()
    {
        pacs::PacsNode node = m_server.dimse();
        node.dimse.callingAeTitle = "NOGET"; // the fixture's Orthanc refuses C-GET to this AE title
        pacs::RetrieveOptions options;
        options.destination = fs::path(m_dir.path().toStdString()) / "refused";
        options.dimseRetrieval = pacs::DimseRetrieval::Get;
        const auto refused = pacs::retrieve(node, { m_studyUid, m_seriesUid }, options);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, core::ErrorCode::Unreadable);
        options.dimseRetrieval = pacs::DimseRetrieval::Automatic;
        options.destination = fs::path(m_dir.path().toStdString()) / "fallback";
        const auto summary = pacs::retrieve(node, { m_studyUid, m_seriesUid }, options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().toString().c_str());
        QCOMPARE(summary->method, std::string("C-MOVE"));
        QCOMPARE(sopUids(*summary), m_wadoUids);
    }

    void segmentationGoesBackOverStowAndCStore()
    {
        const fs::path retrieved = fs::path(m_dir.path().toStdString()) / "wado";
        const auto scan = core::scanPath(retrieved);
        QVERIFY2(scan.ok() && scan->studies.size() == 1, "the retrieved series is one study");
        const auto volume = core::loadSeries(scan->studies.front().series.front());
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        core::LabelMask mask = core::LabelMask::zeros(volume->dims[0], volume->dims[1], volume->dims[2]);
        for (int k = 10; k < 14; ++k) {
            for (int j = 30; j < 40; ++j) {
                for (int i = 30; i < 40; ++i) {
                    mask.at(i, j, k) = 1;
                }
            }
        }
        const std::vector<std::pair<pacs::PacsNode, std::string>> targets { { m_server.dicomWeb(), "STOW-RS" },
            { m_server.dimse(), "C-STORE" } };
        const auto before = m_server.seriesModalities(m_studyUid);
        int segSeries = static_cast<int>(std::count(before.begin(), before.end(), "SEG"));
        for (const auto& [node, method] : targets) {
            const fs::path seg = fs::path(m_dir.path().toStdString()) / ("seg-" + method + ".dcm");
            QVERIFY(core::writeDicomSeg(seg, mask, *volume).ok());
            const auto stored = pacs::store(node, { seg });
            QVERIFY2(stored.ok(), stored.ok() ? "" : stored.error().toString().c_str());
            QCOMPARE(stored->method, method);
            QCOMPARE(stored->storedSopInstanceUids.size(), std::size_t(1));
            QVERIFY(stored->failures.empty());
            const auto modalities = m_server.seriesModalities(m_studyUid);
            QCOMPARE(static_cast<int>(std::count(modalities.begin(), modalities.end(), "SEG")), ++segSeries);
        }
    }

    void seriesSearchPagesThroughMatches()
    {
        pacs::PacsQuery query;
        query.level = pacs::QueryLevel::Series;
        query.studyUid = m_studyUid;
        const std::size_t held = m_server.seriesModalities(m_studyUid).size();
        QVERIFY(held >= 3); // the MR series and the two SEGs sent back
        query.pageSize = 1; // one QIDO request per match
        const auto all = pacs::find(m_server.dicomWeb(), query);
        QVERIFY2(all.ok(), all.ok() ? "" : all.error().toString().c_str());
        QCOMPARE(all->matches.size(), held);
        QVERIFY(!all->truncated);
        std::set<std::string> distinct;
        for (const pacs::PacsMatch& match : all->matches) {
            distinct.insert(match.seriesUid);
        }
        QCOMPARE(distinct.size(), held); // no page repeated or skipped
        query.maxMatches = 2;
        const auto capped = pacs::find(m_server.dicomWeb(), query);
        QCOMPARE(capped->matches.size(), std::size_t(2));
        QVERIFY(capped->truncated);
        query.offset = 2;
        query.maxMatches = 100;
        QCOMPARE(pacs::find(m_server.dicomWeb(), query)->matches.size(), held - 2);
    }

    void externalNodeRefusesIdentifiedFiles()
    {
        pacs::PacsNode node = m_server.dicomWeb();
        node.external = true;
        const auto stored = pacs::store(node, { fs::path(m_dir.path().toStdString()) / "seg-STOW-RS.dcm" });
        QVERIFY(!stored.ok());
        QCOMPARE(stored.error().code, core::ErrorCode::InvalidArgument);
    }

private:
    test::OrthancServer m_server;
    QTemporaryDir m_dir;
    std::string m_studyUid;
    std::string m_seriesUid;
    std::set<std::string> m_wadoUids;
};

QTEST_GUILESS_MAIN(TestPacsOrthanc)
#include "tst_pacs_orthanc.moc"
