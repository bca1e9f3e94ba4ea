// DICOM variants the real data lacks, written with DCMTK from a real image: deflated transfer syntax,
// MONOCHROME1, a classic multi-frame file, a DICOMDIR referencing a real series, and files without preamble or meta
// header (cut out of the real file byte by byte, or written by DCMTK as a bare data set) against the original.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cstring>
#include <fstream>

#include <dcmtk/dcmdata/dcddirif.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "dinolens/core/study_reader.h"
#include "dinolens/core/windowing.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

const std::string kSmall = "dicom/edge-pydicom/MR_small.dcm";

Volume mustLoad(const std::filesystem::path& path)
{
    auto volume = loadVolume(path);
    if (!volume) {
        qFatal("%s", volume.error().toString().c_str());
    }
    return std::move(volume).value();
}

// The data set of a Part 10 file without its 128-byte preamble, "DICM" and file meta group (0002,xxxx), which is
// always explicit VR little endian: the bytes a file without preamble and meta header holds. Empty when the input
// is not a Part 10 file.
std::string withoutPreambleAndMeta(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 132 || bytes.compare(128, 4, "DICM") != 0) {
        return {};
    }
    std::size_t at = 132;
    const auto u16 = [&](std::size_t offset) {
        return static_cast<unsigned>(static_cast<unsigned char>(bytes[offset]))
            | static_cast<unsigned>(static_cast<unsigned char>(bytes[offset + 1])) << 8;
    };
    while (at + 8 <= bytes.size() && u16(at) == 0x0002) {
        const std::string vr = bytes.substr(at + 4, 2);
        if (vr == "OB" || vr == "OW" || vr == "OF" || vr == "SQ" || vr == "UT" || vr == "UN") {
            std::uint32_t length = 0;
            std::memcpy(&length, bytes.data() + at + 8, 4);
            at += 12 + length;
        } else {
            at += 8 + u16(at + 6);
        }
    }
    return at > 132 && at < bytes.size() ? bytes.substr(at) : std::string();
}

void compareVoxelForVoxel(const Volume& actual, const Volume& expected)
{
    QCOMPARE(actual.dims, expected.dims);
    QCOMPARE(actual.pixelType, expected.pixelType);
    QCOMPARE(actual.spacing, expected.spacing);
    QCOMPARE(actual.origin, expected.origin);
    QCOMPARE(actual.direction, expected.direction);
    QCOMPARE(actual.slices.size(), expected.slices.size());
    QCOMPARE(actual.slices[0].sopInstanceUid, expected.slices[0].sopInstanceUid);
    for (std::size_t i = 0; i < expected.voxelCount(); ++i) {
        QCOMPARE(actual.value(i), expected.value(i));
    }
}

} // namespace

class TestDicomWrittenVariants : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deflatedTransferSyntax()
    {
        DINOLENS_REQUIRE_DATA(kSmall);
        QTemporaryDir dir;
        DcmFileFormat file;
        QVERIFY(file.loadFile(dinolens::test::dataPath(kSmall).c_str()).good());
        const std::string target = dir.filePath("deflated.dcm").toStdString();
        QVERIFY(file.saveFile(target.c_str(), EXS_DeflatedLittleEndianExplicit).good());
        const Volume reference = mustLoad(dinolens::test::dataPath(kSmall));
        const Volume deflated = mustLoad(target);
        QVERIFY(deflated.voxels == reference.voxels);
    }

    void withoutPreambleOrMetaMatchesTheOriginal_data()
    {
        QTest::addColumn<QString>("source");
        for (const char* file : { "MR_small.dcm", "MR_small_implicit.dcm", "CT_small.dcm" }) {
            QTest::newRow(file) << QString::fromLatin1(file);
        }
    }
    void withoutPreambleOrMetaMatchesTheOriginal()
    {
        QFETCH(QString, source);
        const std::string relative = "dicom/edge-pydicom/" + source.toStdString();
        DINOLENS_REQUIRE_DATA(relative);
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        const Volume original = mustLoad(dinolens::test::dataPath(relative));

        // The original's data set, byte for byte, without preamble, "DICM" and meta group.
        const std::string dataSet = withoutPreambleAndMeta(dinolens::test::dataPath(relative));
        QVERIFY(!dataSet.empty());
        std::filesystem::create_directories(root / "cut");
        const std::filesystem::path cut = root / "cut" / "slice.dcm";
        std::ofstream(cut, std::ios::binary).write(dataSet.data(), static_cast<std::streamsize>(dataSet.size()));
        compareVoxelForVoxel(mustLoad(cut), original);

        // A bare data set as DCMTK writes it (implicit VR little endian, no meta header), without a .dcm name.
        DcmFileFormat file;
        QVERIFY(file.loadFile(dinolens::test::dataPath(relative).c_str()).good());
        QVERIFY(file.getDataset()->chooseRepresentation(EXS_LittleEndianImplicit, nullptr).good());
        std::filesystem::create_directories(root / "bare");
        const std::filesystem::path bare = root / "bare" / "IM0001";
        QVERIFY(file.saveFile(bare.c_str(), EXS_LittleEndianImplicit, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0,
                        0, EWM_dataset)
                    .good());
        std::ifstream written(bare, std::ios::binary);
        char head[132] = {};
        written.read(head, sizeof head);
        QVERIFY(std::memcmp(head + 128, "DICM", 4) != 0); // no preamble
        QVERIFY(head[0] != 0x02 || head[1] != 0x00); // no meta group first
        compareVoxelForVoxel(mustLoad(bare), original);

        // Found as DICOM when a folder is scanned.
        for (const auto& folder : { root / "cut", root / "bare" }) {
            auto scan = scanPath(folder);
            QVERIFY2(scan.ok(), scan.ok() ? "" : scan.error().toString().c_str());
            QCOMPARE(scan->studies.size(), std::size_t { 1 });
            QCOMPARE(scan->studies[0].series[0].kind, SourceKind::Dicom);
            auto volume = loadSeries(scan->studies[0].series[0]);
            QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
            compareVoxelForVoxel(*volume, original);
        }
    }

    void monochromeOneIsFlaggedAndInverted()
    {
        DINOLENS_REQUIRE_DATA(kSmall);
        QTemporaryDir dir;
        DcmFileFormat file;
        QVERIFY(file.loadFile(dinolens::test::dataPath(kSmall).c_str()).good());
        QVERIFY(file.getDataset()->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME1").good());
        const std::string target = dir.filePath("mono1.dcm").toStdString();
        QVERIFY(file.saveFile(target.c_str(), EXS_LittleEndianExplicit).good());
        const Volume inverted = mustLoad(target);
        const Volume normal = mustLoad(dinolens::test::dataPath(kSmall));
        QVERIFY(inverted.monochrome1);
        QVERIFY(!normal.monochrome1);
        const WindowLevel window = defaultWindow(normal);
        const auto windowedA = windowSlice(normal, 0, window);
        const auto windowedB = windowSlice(inverted, 0, window);
        QVERIFY(windowedA.ok() && windowedB.ok());
        const auto& a = *windowedA;
        const auto& b = *windowedB;
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); i += 97) {
            QCOMPARE(static_cast<int>(a[i]) + static_cast<int>(b[i]), 255);
        }
    }

    void classicMultiFrameBecomesSlices()
    {
        DINOLENS_REQUIRE_DATA(kSmall);
        QTemporaryDir dir;
        DcmFileFormat file;
        QVERIFY(file.loadFile(dinolens::test::dataPath(kSmall).c_str()).good());
        DcmDataset* ds = file.getDataset();
        QVERIFY(ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).good());
        const Uint16* frame = nullptr;
        unsigned long count = 0;
        QVERIFY(ds->findAndGetUint16Array(DCM_PixelData, frame, &count).good());
        std::vector<Uint16> frames(count * 3);
        for (unsigned long i = 0; i < count; ++i) {
            frames[i] = frame[i];
            frames[count + i] = static_cast<Uint16>(frame[i] / 2);
            frames[2 * count + i] = 7;
        }
        QVERIFY(ds->putAndInsertUint16Array(DCM_PixelData, frames.data(), count * 3).good());
        QVERIFY(ds->putAndInsertString(DCM_NumberOfFrames, "3").good());
        const std::string target = dir.filePath("multiframe.dcm").toStdString();
        QVERIFY(file.saveFile(target.c_str(), EXS_LittleEndianExplicit).good());
        const Volume v = mustLoad(target);
        QCOMPARE(v.dims, (std::array<int, 3> { 64, 64, 3 }));
        QCOMPARE(v.slices.size(), std::size_t { 3 });
        QCOMPARE(v.slices[2].frameIndex, 2);
        QCOMPARE(v.as<std::int16_t>()[2 * 64 * 64 + 5], std::int16_t { 7 });
    }

    void unknownTransferSyntaxIsNamed()
    {
        DINOLENS_REQUIRE_DATA("dicom/transfer-syntaxes/5.dcm");
        QTemporaryDir dir;
        DcmFileFormat file;
        QVERIFY(file.loadFile(dinolens::test::dataPath("dicom/transfer-syntaxes/5.dcm").c_str()).good());
        const char* htj2k = "1.2.840.10008.1.2.4.201"; // High-Throughput JPEG 2000, lossless
        QVERIFY(file.getMetaInfo()->putAndInsertString(DCM_TransferSyntaxUID, htj2k).good());
        const std::string target = dir.filePath("htj2k.dcm").toStdString();
        QVERIFY(file.saveFile(target.c_str(), EXS_Unknown, EET_ExplicitLength, EGL_recalcGL, EPD_noChange, 0, 0,
                        EWM_dontUpdateMeta)
                    .good());
        auto volume = loadVolume(target);
        QVERIFY(!volume.ok());
        QCOMPARE(volume.error().code, ErrorCode::UnsupportedFormat);
        QVERIFY2(volume.error().message.find("unsupported transfer syntax") != std::string::npos,
            volume.error().toString().c_str());
    }

    void dicomDirectoryReferencesASeries()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::filesystem::create_directories(root / "IMAGES");
        std::vector<std::filesystem::path> sources;
        for (const auto& e : std::filesystem::directory_iterator(dinolens::test::dataPath("dicom/series-dwi-sag48"))) {
            if (e.path().extension() == ".dcm") {
                sources.push_back(e.path());
            }
        }
        std::sort(sources.begin(), sources.end());
        const std::filesystem::path previous = std::filesystem::current_path();
        std::filesystem::current_path(root); // DICOMDIR references are relative to its folder
        DicomDirInterface dicomdir;
        dicomdir.disableConsistencyCheck(OFTrue);
        QVERIFY(dicomdir.createNewDicomDir(DicomDirInterface::AP_GeneralPurpose, "DICOMDIR").good());
        for (int i = 0; i < 5; ++i) {
            const std::string name = "IMAGES/IM" + std::to_string(i);
            std::filesystem::copy_file(sources[static_cast<std::size_t>(i)], root / name);
            QVERIFY(dicomdir.addDicomFile(name.c_str()).good());
        }
        QVERIFY(dicomdir.writeDicomDir().good());
        std::filesystem::current_path(previous);
        auto scan = scanPath(root / "DICOMDIR");
        QVERIFY2(scan.ok(), scan.ok() ? "" : scan.error().toString().c_str());
        QCOMPARE(scan->studies.size(), std::size_t { 1 });
        QCOMPARE(scan->studies[0].series[0].instances.size(), std::size_t { 5 });
        auto volume = loadSeries(scan->studies[0].series[0]);
        QVERIFY(volume.ok());
        QCOMPARE(volume->dims[2], 5);
    }
};

QTEST_GUILESS_MAIN(TestDicomWrittenVariants)
#include "tst_dicom_written_variants.moc"
