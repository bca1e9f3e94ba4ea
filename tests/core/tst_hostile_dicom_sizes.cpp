// Crafted DICOM headers whose sizes are hostile (Rows x Columns x NumberOfFrames x SamplesPerPixel overflowing 64
// bits or the memory limit, frame bombs, sizes in the wrong VR, odd BitsAllocated): scanning, loading and
// `dinolens-cli info` answer with an error naming the file, never crash, and memory stays bounded.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <functional>
#include <map>

#include "crafted_dicom.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;
using dinolens::test::fillMrHeader;
using dinolens::test::putAsUnsignedLong;
using dinolens::test::putEncapsulatedPixels;
using dinolens::test::putNativePixels;

namespace {

struct Variant {
    std::function<void(DcmDataset&)> craft;
    E_TransferSyntax xfer = EXS_LittleEndianExplicit;
    ErrorCode expected = ErrorCode::InvalidFormat;
};

const std::map<std::string, Variant>& variants()
{
    static const std::map<std::string, Variant> table = {
        { "rows x columns x frames over 64 bits",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 65535, 65535);
                 ds.putAndInsertString(DCM_NumberOfFrames, "2147483647");
                 ds.putAndInsertUint16(DCM_SamplesPerPixel, 3);
                 putNativePixels(ds, 16);
             },
                EXS_LittleEndianExplicit, ErrorCode::TooLarge } },
        { "frames beyond 64 bits", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             ds.putAndInsertString(DCM_NumberOfFrames, "99999999999999999999");
             putNativePixels(ds, 16);
         } } },
        { "frames wrapping to one in 32 bits", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             ds.putAndInsertString(DCM_NumberOfFrames, "4294967297");
             putNativePixels(ds, 16);
         } } },
        { "negative frames", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             ds.putAndInsertString(DCM_NumberOfFrames, "-3");
             putNativePixels(ds, 16);
         } } },
        { "frames not a number", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             ds.putAndInsertString(DCM_NumberOfFrames, "lots");
             putNativePixels(ds, 16);
         } } },
        { "huge rows x columns",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 65535, 65535);
                 putNativePixels(ds, 16);
             },
                EXS_LittleEndianExplicit, ErrorCode::TooLarge } },
        { "rows as UL beyond 16 bits", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             putAsUnsignedLong(ds, DCM_Rows, 4294967295U);
             putNativePixels(ds, 16);
         } } },
        { "columns as UL wrapping in int", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             putAsUnsignedLong(ds, DCM_Columns, 2147483648U);
             putNativePixels(ds, 16);
         } } },
        { "native frame bomb",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 1, 1);
                 ds.putAndInsertString(DCM_NumberOfFrames, "500000000");
                 putNativePixels(ds, 2);
             },
                EXS_LittleEndianExplicit, ErrorCode::Truncated } },
        { "encapsulated frame bomb",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 1, 1);
                 ds.putAndInsertUint16(DCM_BitsAllocated, 8);
                 ds.putAndInsertUint16(DCM_BitsStored, 8);
                 ds.putAndInsertUint16(DCM_HighBit, 7);
                 ds.putAndInsertString(DCM_NumberOfFrames, "400000000");
                 putEncapsulatedPixels(ds, EXS_JPEGProcess1, 1);
             },
                EXS_JPEGProcess1, ErrorCode::Truncated } },
        { "JPEG 2000 frame bomb",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 1, 1);
                 ds.putAndInsertString(DCM_NumberOfFrames, "500000000");
                 putEncapsulatedPixels(ds, EXS_JPEG2000LosslessOnly, 2);
             },
                EXS_JPEG2000LosslessOnly, ErrorCode::Truncated } },
        { "samples per pixel 65535", { [](DcmDataset& ds) {
             fillMrHeader(ds, 4, 4);
             ds.putAndInsertUint16(DCM_SamplesPerPixel, 65535);
             putNativePixels(ds, 16);
         } } },
        { "samples per pixel 0 (a division by zero before)",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 4, 4);
                 ds.putAndInsertUint16(DCM_SamplesPerPixel, 0);
                 putNativePixels(ds, 16);
             },
                EXS_LittleEndianExplicit, ErrorCode::UnsupportedFormat } },
        { "samples per pixel 2",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 4, 4);
                 ds.putAndInsertUint16(DCM_SamplesPerPixel, 2);
                 putNativePixels(ds, 32);
             },
                EXS_LittleEndianExplicit, ErrorCode::UnsupportedFormat } },
        { "colour planes missing",
            { [](DcmDataset& ds) {
                 fillMrHeader(ds, 64, 64);
                 ds.putAndInsertUint16(DCM_SamplesPerPixel, 3);
                 ds.putAndInsertUint16(DCM_PlanarConfiguration, 1);
                 ds.putAndInsertString(DCM_PhotometricInterpretation, "RGB");
                 putNativePixels(ds, 64 * 64);
             },
                EXS_LittleEndianExplicit, ErrorCode::Truncated } },
    };
    return table;
}

void addBitsVariant(std::map<std::string, Variant>& table, Uint16 bits, ErrorCode expected)
{
    table["bits allocated " + std::to_string(bits)] = { [bits](DcmDataset& ds) {
                                                           fillMrHeader(ds, 4, 4);
                                                           ds.putAndInsertUint16(DCM_BitsAllocated, bits);
                                                           putNativePixels(ds, 64);
                                                       },
        EXS_LittleEndianExplicit, expected };
}

const std::map<std::string, Variant>& allVariants()
{
    static const std::map<std::string, Variant> table = [] {
        auto t = variants();
        for (int bits : { 0, 1, 7, 12, 24, 64 }) {
            addBitsVariant(t, static_cast<Uint16>(bits), ErrorCode::UnsupportedFormat);
        }
        addBitsVariant(t, 65535, ErrorCode::InvalidFormat);
        return t;
    }();
    return table;
}

std::filesystem::path writeVariant(const QTemporaryDir& dir, const std::string& name)
{
    const Variant& v = allVariants().at(name);
    DcmFileFormat file;
    v.craft(*file.getDataset());
    const std::filesystem::path path = dir.filePath("crafted.dcm").toStdString();
    if (!dinolens::test::saveDicom(file, path, v.xfer)) {
        qFatal("cannot write the crafted file for %s", name.c_str());
    }
    return path;
}

} // namespace

class TestHostileDicomSizes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void variantFailsWithItsCode_data()
    {
        QTest::addColumn<QString>("name");
        for (const auto& [name, variant] : allVariants()) {
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
        }
    }
    void variantFailsWithItsCode()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const auto path = writeVariant(dir, name.toStdString());
        auto scan = scanPath(path); // headers only: must not crash, may list or skip the file
        Q_UNUSED(scan);
        auto volume = loadVolume(path);
        QVERIFY2(!volume.ok(), "a hostile header must not load");
        const Error& e = volume.error();
        QVERIFY2(e.context.find("crafted.dcm") != std::string::npos, e.toString().c_str());
        QVERIFY2(e.code == allVariants().at(name.toStdString()).expected, e.toString().c_str());
        QVERIFY2(dinolens::test::peakResidentMiB() < 1024, "memory must stay bounded");
    }

    void oddBitsStoredAndHighBitStillLoad()
    {
        QTemporaryDir dir;
        DcmFileFormat file;
        fillMrHeader(*file.getDataset(), 4, 4);
        file.getDataset()->putAndInsertUint16(DCM_BitsStored, 255);
        file.getDataset()->putAndInsertUint16(DCM_HighBit, 300);
        putNativePixels(*file.getDataset(), 16);
        const std::filesystem::path path = dir.filePath("bits.dcm").toStdString();
        QVERIFY(dinolens::test::saveDicom(file, path));
        auto volume = loadVolume(path);
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        QCOMPARE(volume->as<std::uint16_t>()[0], std::uint16_t { 100 });
    }

    void cliInfoAnswersEveryVariant_data() { variantFailsWithItsCode_data(); }
    void cliInfoAnswersEveryVariant()
    {
        QString cli;
        DINOLENS_REQUIRE_CLI(cli);
        QFETCH(QString, name);
        QTemporaryDir dir;
        const auto path = writeVariant(dir, name.toStdString());
        QProcess process;
        process.start(cli, { "info", QString::fromStdString(path.string()) });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // no signal
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(process.exitCode() == 0 || process.exitCode() == 1, process.readAllStandardError().constData());
        if (!out.isEmpty()) {
            QJsonParseError error {};
            QJsonDocument::fromJson(out, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
        }
    }
};

QTEST_GUILESS_MAIN(TestHostileDicomSizes)
#include "tst_hostile_dicom_sizes.moc"
