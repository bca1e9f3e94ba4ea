// PS3.15 Basic Profile de-identification of the real DICOM series and a SEG of it: identifying attributes and private
// tags gone, pseudonyms, one new UID per old one across the files (the SEG still references its series), dates
// removed, kept or shifted, burned-in annotation refused; and `dinolens-cli anonymize` with its exit codes.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

#include <set>

#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/study_reader.h"
#include "dinolens/pacs/anonymizer.h"
#include "test_data.h"

using namespace dinolens;
namespace fs = std::filesystem;

namespace {

std::string text(DcmItem& item, const DcmTagKey& tag)
{
    OFString value;
    item.findAndGetOFString(tag, value);
    return value.c_str();
}

bool hasPrivateTags(DcmItem& item)
{
    for (unsigned long index = 0; index < item.card(); ++index) {
        if (item.getElement(index)->getTag().isPrivate()) {
            return true;
        }
    }
    return false;
}

std::vector<fs::path> dicomFiles(const fs::path& folder)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.path().extension() == ".dcm") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

class TestPacsAnonymizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        m_series = dicomFiles(test::dataPath("dicom/series-dwi-sag48"));
        QCOMPARE(m_series.size(), std::size_t(48));
        const auto scan = core::scanPath(test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY(scan.ok() && !scan->studies.empty());
        const auto volume = core::loadSeries(scan->studies.front().series.front());
        QVERIFY(volume.ok());
        m_dims = volume->dims;
        core::LabelMask mask = core::LabelMask::zeros(m_dims[0], m_dims[1], m_dims[2]);
        std::fill(mask.labels.begin() + m_dims[0] * m_dims[1] * 20, mask.labels.begin() + m_dims[0] * m_dims[1] * 21,
            std::uint8_t(1));
        m_seg = m_dir.filePath("seg.dcm").toStdString();
        QVERIFY(core::writeDicomSeg(m_seg, mask, *volume).ok());
    }

    void seriesAndSegAreDeidentifiedConsistently()
    {
        pacs::Anonymizer anonymizer({});
        const fs::path out = m_dir.filePath("basic").toStdString();
        std::set<std::string> studies;
        std::set<std::string> series;
        std::set<std::string> instances;
        for (const fs::path& file : m_series) {
            const auto written = anonymizer.anonymizeFile(file, out);
            QVERIFY2(written.ok(), written.ok() ? "" : written.error().toString().c_str());
            DcmFileFormat result;
            QVERIFY(result.loadFile(written->output.c_str()).good());
            DcmDataset& dataset = *result.getDataset();
            QCOMPARE(text(dataset, DCM_PatientName), std::string("ANONYMOUS"));
            QCOMPARE(text(dataset, DCM_PatientID), std::string("ANON-1"));
            QCOMPARE(text(dataset, DCM_PatientBirthDate), std::string());
            QCOMPARE(text(dataset, DCM_StudyDate), std::string());
            QCOMPARE(text(dataset, DCM_PatientIdentityRemoved), std::string("YES"));
            QVERIFY(!dataset.tagExists(DCM_InstitutionName));
            QVERIFY(!hasPrivateTags(dataset));
            QCOMPARE(text(*result.getMetaInfo(), DCM_MediaStorageSOPInstanceUID), text(dataset, DCM_SOPInstanceUID));
            studies.insert(text(dataset, DCM_StudyInstanceUID));
            series.insert(text(dataset, DCM_SeriesInstanceUID));
            instances.insert(text(dataset, DCM_SOPInstanceUID));
        }
        QCOMPARE(studies.size(), std::size_t(1));
        QCOMPARE(series.size(), std::size_t(1));
        QCOMPARE(instances.size(), m_series.size());
        DcmFileFormat original;
        QVERIFY(original.loadFile(m_series.front().c_str()).good());
        QVERIFY(*studies.begin() != text(*original.getDataset(), DCM_StudyInstanceUID));

        const auto seg = anonymizer.anonymizeFile(m_seg, out);
        QVERIFY(seg.ok());
        const auto segmentation = core::readDicomSeg(seg->output);
        QVERIFY(segmentation.ok());
        QCOMPARE(segmentation->studyInstanceUid, *studies.begin());
        QCOMPARE(segmentation->referencedSeriesUids, std::vector<std::string> { *series.begin() });
        for (const core::DicomSegFrame& frame : segmentation->frames) {
            QVERIFY(instances.count(frame.sourceSopInstanceUid) == 1);
        }
        // The anonymised series is still a volume of the same geometry.
        const auto scan = core::scanPath(out / *series.begin());
        QVERIFY(scan.ok() && !scan->studies.empty());
        const auto volume = core::loadSeries(scan->studies.front().series.front());
        QVERIFY(volume.ok());
        QCOMPARE(volume->dims, m_dims);
    }

    void datesAreKeptOrShifted()
    {
        pacs::AnonymizeOptions keep;
        keep.dates = pacs::DateHandling::Keep;
        pacs::AnonymizeOptions shift;
        shift.dates = pacs::DateHandling::Shift;
        shift.shiftDays = -10;
        const std::pair<pacs::AnonymizeOptions, std::string> cases[] = { { keep, "20241009" }, { shift, "20240929" } };
        for (const auto& [options, expected] : cases) {
            pacs::Anonymizer anonymizer(options);
            const auto written = anonymizer.anonymizeFile(m_series.front(), m_dir.filePath("dates").toStdString());
            QVERIFY(written.ok());
            DcmFileFormat result;
            QVERIFY(result.loadFile(written->output.c_str()).good());
            QCOMPARE(text(*result.getDataset(), DCM_StudyDate), expected);
        }
    }

    void burnedInAnnotationIsRefused()
    {
        DcmFileFormat file;
        QVERIFY(file.loadFile(m_series.front().c_str()).good());
        file.getDataset()->putAndInsertString(DCM_BurnedInAnnotation, "YES");
        const std::string burned = m_dir.filePath("burned.dcm").toStdString();
        QVERIFY(file.saveFile(burned.c_str()).good());
        pacs::Anonymizer anonymizer({});
        const fs::path out = m_dir.filePath("burned-out").toStdString();
        const auto written = anonymizer.anonymizeFile(burned, out);
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, core::ErrorCode::UnsupportedFormat);
        QVERIFY(!fs::exists(out) || dicomFiles(out).empty());
    }

    void commandLineAnonymisesAFolder()
    {
        QString cli = qEnvironmentVariable("DINOLENS_CLI"); // the launcher, when built; else the core program
        if (cli.isEmpty() || !QFileInfo::exists(cli)) {
            cli = qEnvironmentVariable("DINOLENS_CLI_CORE");
        }
        if (cli.isEmpty() || !QFileInfo::exists(cli)) {
            QSKIP("neither DINOLENS_CLI nor DINOLENS_CLI_CORE names a built program (CTest sets them)");
        }
        const QString out = m_dir.filePath("cli");
        QProcess process;
        process.start(cli,
            { "anonymize", "--in", QString::fromStdString(test::dataPath("dicom/series-dwi-sag48").string()), "--in",
                QString::fromStdString(m_seg.string()), "--out", out, "--shift-dates", "5" });
        QVERIFY(process.waitForFinished(120000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(dicomFiles(out.toStdString()).size(), m_series.size() + 1);
        process.start(cli, { "anonymize", "--in", m_dir.filePath("burned.dcm"), "--out", out });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 1);
        process.start(cli, { "anonymize", "--in", out, "--out", out, "--keep-dates", "--shift-dates", "3" });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
    }

private:
    QTemporaryDir m_dir;
    std::vector<fs::path> m_series;
    fs::path m_seg;
    std::array<int, 3> m_dims {};
};

QTEST_GUILESS_MAIN(TestPacsAnonymizer)
#include "tst_pacs_anonymizer.moc"
