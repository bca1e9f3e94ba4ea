// Crafted images: a decompression bomb (small file, huge declared sides) in each format handed to OpenCV (PNG,
// JPEG, BMP, TIFF), a JPEG with junk between its segments, formats OpenCV would also decode but DinoLens does not
// hand to it (PNM, Radiance HDR, WebP, DICOM), and a DICOM file named .png, which goes to DCMTK. Each gives a
// clear error (or, for the DICOM, the image), nothing crashes, and memory stays bounded.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "crafted_dicom.h"
#include "dinolens/core/image_reader.h"
#include "dinolens/core/picture_reader.h"
#include "dinolens/core/study_reader.h"

using namespace dinolens::core;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<unsigned char>;

void putBigEndian(Bytes& b, std::size_t at, std::uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        b[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (8 * (bytes - 1 - i)));
    }
}

void putLittleEndian(Bytes& b, std::size_t at, std::uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        b[at + static_cast<std::size_t>(i)] = static_cast<unsigned char>(v >> (8 * i));
    }
}

std::uint32_t crc32(const unsigned char* data, std::size_t size)
{
    std::uint32_t crc = 0xFFFFFFFFU;
    for (std::size_t i = 0; i < size; ++i) {
        crc ^= data[i];
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320U & (0U - (crc & 1U)));
        }
    }
    return ~crc;
}

Bytes encoded(const char* extension)
{
    const cv::Mat image(8, 8, CV_8UC1, cv::Scalar(90));
    Bytes bytes;
    cv::imencode(extension, image, bytes);
    return bytes;
}

Bytes pngBomb(std::uint32_t side)
{
    Bytes b = encoded(".png");
    putBigEndian(b, 16, side, 4);
    putBigEndian(b, 20, side, 4);
    putBigEndian(b, 29, crc32(b.data() + 12, 17), 4); // IHDR CRC over type and data
    return b;
}

Bytes jpegBomb()
{
    Bytes b = encoded(".jpg");
    for (std::size_t i = 2; i + 9 < b.size(); ++i) {
        if (b[i] == 0xFF && b[i + 1] == 0xC0) {
            putBigEndian(b, i + 5, 65500, 2); // height
            putBigEndian(b, i + 7, 65500, 2); // width
            break;
        }
    }
    return b;
}

Bytes jpegWithJunk()
{
    Bytes b = encoded(".jpg");
    const std::size_t afterApp0 = 4 + ((static_cast<std::size_t>(b[4]) << 8) | b[5]);
    b.insert(b.begin() + static_cast<std::ptrdiff_t>(afterApp0), 16, 0x5A);
    return b;
}

Bytes bmpBomb()
{
    Bytes b = encoded(".bmp");
    putLittleEndian(b, 18, 100000, 4);
    putLittleEndian(b, 22, 0x80000000U, 4); // -2^31 rows: top-down, with no 32-bit magnitude
    return b;
}

// A minimal baseline TIFF by hand: one strip of 8 bytes that claims 100000 x 100000 grey pixels.
Bytes tiffBomb()
{
    Bytes b(8 + 2 + 9 * 12 + 4 + 8, 0);
    b[0] = 'I';
    b[1] = 'I';
    putLittleEndian(b, 2, 42, 2);
    putLittleEndian(b, 4, 8, 4);
    putLittleEndian(b, 8, 9, 2);
    const std::uint32_t stripAt = 8 + 2 + 9 * 12 + 4;
    const std::uint32_t entries[9][3] = { { 256, 4, 100000 }, { 257, 4, 100000 }, { 258, 3, 8 }, { 259, 3, 1 },
        { 262, 3, 1 }, { 273, 4, stripAt }, { 277, 3, 1 }, { 278, 4, 100000 }, { 279, 4, 8 } };
    for (std::size_t e = 0; e < 9; ++e) {
        const std::size_t at = 10 + e * 12;
        putLittleEndian(b, at, entries[e][0], 2);
        putLittleEndian(b, at + 2, entries[e][1], 2);
        putLittleEndian(b, at + 4, 1, 4);
        putLittleEndian(b, at + 8, entries[e][2], entries[e][1] == 3 ? 2 : 4);
    }
    return b;
}

template <std::size_t N> QByteArray text(const char (&s)[N])
{
    return QByteArray(s, N - 1); // keeps embedded NULs
}

QByteArray qbytes(const Bytes& b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

fs::path writeBytes(const QTemporaryDir& dir, const std::string& name, const QByteArray& bytes)
{
    const fs::path path = dir.filePath(QString::fromStdString(name)).toStdString();
    std::ofstream(path, std::ios::binary).write(bytes.constData(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

} // namespace

class TestHostileImages : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void craftedImageIsRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const int tooLarge = static_cast<int>(ErrorCode::TooLarge);
        const int invalid = static_cast<int>(ErrorCode::InvalidFormat);
        QTest::newRow("PNG bomb") << "bomb.png" << qbytes(pngBomb(100000)) << tooLarge << "beyond the memory limit";
        QTest::newRow("PNG sides overflowing 64 bits")
            << "huge.png" << qbytes(pngBomb(0x7FFFFFFF)) << tooLarge << "overflows";
        QTest::newRow("JPEG bomb") << "bomb.jpg" << qbytes(jpegBomb()) << tooLarge << "beyond the memory limit";
        QTest::newRow("BMP bomb") << "bomb.bmp" << qbytes(bmpBomb()) << tooLarge << "beyond the memory limit";
        QTest::newRow("TIFF bomb") << "bomb.tif" << qbytes(tiffBomb()) << tooLarge << "beyond the memory limit";
        QTest::newRow("JPEG with junk between segments")
            << "junk.jpg" << qbytes(jpegWithJunk()) << invalid << "between segments";
        QTest::newRow("PNM bomb named .png")
            << "pnm.png" << text("P5\n100000 100000\n255\n") << invalid << "not a PNG, JPEG, BMP or TIFF";
        QTest::newRow("Radiance HDR named .tif") << "hdr.tif"
                                                 << text("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y "
                                                         "100000 +X 100000\n")
                                                 << invalid << "not a PNG, JPEG, BMP or TIFF";
        QTest::newRow("WebP named .jpg") << "webp.jpg" << text("RIFF\x24\0\0\0WEBPVP8 ") << invalid
                                         << "not a PNG, JPEG, BMP or TIFF";
        QTest::newRow("empty PNG") << "empty.png" << QByteArray() << invalid << "not a PNG";
        QTest::newRow("PNG cut in its header") << "cut.png" << qbytes(pngBomb(64)).left(20) << invalid << "IHDR";
    }
    void craftedImageIsRefused()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const fs::path path = writeBytes(dir, name.toStdString(), bytes);
        for (const auto& error : { loadVolume(path).ok() ? Error {} : loadVolume(path).error(),
                 readRgbPicture(path).ok() ? Error {} : readRgbPicture(path).error() }) {
            QVERIFY2(error.message.find(message.toStdString()) != std::string::npos, error.toString().c_str());
            QCOMPARE(static_cast<int>(error.code), code);
            QCOMPARE(error.context, path.string());
        }
        QVERIFY2(dinolens::test::peakResidentMiB() < 1024, "memory must stay bounded");
    }

    void smallImagesStillDecode_data()
    {
        QTest::addColumn<QString>("extension");
        for (const char* e : { ".png", ".jpg", ".bmp", ".tif" }) {
            QTest::newRow(e) << e;
        }
    }
    void smallImagesStillDecode()
    {
        QFETCH(QString, extension);
        QTemporaryDir dir;
        const fs::path path
            = writeBytes(dir, "small" + extension.toStdString(), qbytes(encoded(extension.toLatin1().constData())));
        auto volume = loadVolume(path);
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        QCOMPARE(volume->dims, (std::array<int, 3> { 8, 8, 1 }));
        auto picture = readRgbPicture(path);
        QVERIFY(picture.ok());
        QCOMPARE(picture->pixels.size(), std::size_t { 8 * 8 * 3 });
    }

    void dicomNamedPngGoesToDcmtk()
    {
        QTemporaryDir dir;
        DcmFileFormat file;
        dinolens::test::fillMrHeader(*file.getDataset(), 4, 4);
        dinolens::test::putNativePixels(*file.getDataset(), 16);
        const fs::path path = dir.filePath("scan.png").toStdString();
        QVERIFY(dinolens::test::saveDicom(file, path));
        auto volume = loadVolume(path);
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        QCOMPARE(volume->dims, (std::array<int, 3> { 4, 4, 1 }));
        QVERIFY(!volume->slices[0].sopInstanceUid.empty()); // read by the DICOM reader
        auto picture = readRgbPicture(path);
        QVERIFY2(picture.ok(), picture.ok() ? "" : picture.error().toString().c_str());
        QCOMPARE(picture->width, 4);
        auto direct = loadImage(path); // the OpenCV path refuses DICOM content outright
        QVERIFY(!direct.ok());
        QVERIFY(direct.error().message.find("not a PNG") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHostileImages)
#include "tst_hostile_images.moc"
