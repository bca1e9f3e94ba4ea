// Crafted NIfTI-1 and NIfTI-2 headers with hostile dimensions (products beyond the memory limit or 64 bits,
// sides beyond int, negative sides, many volumes with little data): errors naming the file, no crash,
// memory bounded.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cstring>
#include <fstream>

#include <nifti1.h>
#include <nifti2.h>

#include "crafted_dicom.h"
#include "dinolens/core/study_reader.h"

using namespace dinolens::core;
namespace fs = std::filesystem;

namespace {

template <typename Header> void writeHeader(const fs::path& path, const Header& header, std::size_t dataBytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(&header), sizeof(header));
    const char extension[4] = { 0, 0, 0, 0 };
    out.write(extension, 4);
    out.write(std::string(dataBytes, '\x01').data(), static_cast<std::streamsize>(dataBytes));
}

fs::path nifti1(const QTemporaryDir& dir, std::array<short, 6> dims, short datatype, short bitpix)
{
    nifti_1_header h {};
    h.sizeof_hdr = 348;
    h.dim[0] = dims[4] > 1 ? 4 : 3;
    for (int i = 0; i < 5; ++i) {
        h.dim[i + 1] = dims[static_cast<std::size_t>(i)];
    }
    h.datatype = datatype;
    h.bitpix = bitpix;
    for (float& p : h.pixdim) {
        p = 1.0F;
    }
    h.vox_offset = 352;
    std::memcpy(h.magic, "n+1\0", 4);
    const fs::path path = dir.filePath("crafted.nii").toStdString();
    writeHeader(path, h, 64);
    return path;
}

fs::path nifti2(const QTemporaryDir& dir, std::int64_t side)
{
    nifti_2_header h {};
    h.sizeof_hdr = 540;
    std::memcpy(h.magic, "n+2\0\r\n\032\n", 8);
    h.datatype = DT_FLOAT32;
    h.bitpix = 32;
    h.dim[0] = 3;
    h.dim[1] = h.dim[2] = h.dim[3] = side;
    for (int i = 4; i < 8; ++i) {
        h.dim[i] = 1;
    }
    for (double& p : h.pixdim) {
        p = 1.0;
    }
    h.vox_offset = 544;
    const fs::path path = dir.filePath("crafted2.nii").toStdString();
    writeHeader(path, h, 64);
    return path;
}

} // namespace

class TestHostileNifti : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hostileDimensions_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<QList<int>>("dims");
        QTest::addColumn<qlonglong>("side2");
        QTest::addColumn<int>("code");
        const int tooLarge = static_cast<int>(ErrorCode::TooLarge);
        const int invalid = static_cast<int>(ErrorCode::InvalidFormat);
        const int truncated = static_cast<int>(ErrorCode::Truncated);
        QTest::newRow("NIfTI-1 32767^3 float") << 1 << QList<int> { 32767, 32767, 32767, 1, 1 } << 0LL << tooLarge;
        QTest::newRow("NIfTI-1 negative side") << 1 << QList<int> { -5, 4, 4, 1, 1 } << 0LL << invalid;
        QTest::newRow("NIfTI-1 many volumes, little data")
            << 1 << QList<int> { 4, 4, 4, 32767, 32767 } << 0LL << truncated;
        QTest::newRow("NIfTI-2 sides beyond int") << 2 << QList<int> {} << (1LL << 40) << invalid;
        QTest::newRow("NIfTI-2 product beyond 64 bits") << 2 << QList<int> {} << 2147483647LL << tooLarge;
        QTest::newRow("NIfTI-2 negative side") << 2 << QList<int> {} << -7LL << invalid;
    }
    void hostileDimensions()
    {
        QFETCH(int, version);
        QFETCH(QList<int>, dims);
        QFETCH(qlonglong, side2);
        QFETCH(int, code);
        QTemporaryDir dir;
        fs::path path;
        if (version == 1) {
            std::array<short, 6> d {};
            for (int i = 0; i < 5; ++i) {
                d[static_cast<std::size_t>(i)] = static_cast<short>(dims[i]);
            }
            path = nifti1(dir, d, DT_FLOAT32, 32);
        } else {
            path = nifti2(dir, side2);
        }
        auto volume = loadVolume(path);
        QVERIFY(!volume.ok());
        QVERIFY2(volume.error().context.find(path.filename().string()) != std::string::npos,
            volume.error().toString().c_str());
        if (volume.error().message.find("not a readable NIfTI") == std::string::npos) {
            QVERIFY2(static_cast<int>(volume.error().code) == code, volume.error().toString().c_str());
        }
        QVERIFY2(dinolens::test::peakResidentMiB() < 1024, "memory must stay bounded");
    }
};

QTEST_GUILESS_MAIN(TestHostileNifti)
#include "tst_hostile_nifti.moc"
