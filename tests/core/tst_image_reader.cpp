// Plain images: the dataset's real JPEGs, 16-bit PNG, BMP and TIFF against the same picture as PNG, and corrupt or
// truncated files.
#include <QImage>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "dinolens/core/image_reader.h"
#include "dinolens/core/picture_encoding.h"
#include "dinolens/core/picture_reader.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

std::filesystem::path firstTrainImage()
{
    const auto dir = dinolens::test::dataPath("brain-tumor/train/images");
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files.front();
}

// A 37 x 23 picture (odd width: BMP pads its rows) of the given OpenCV type whose pixels all differ: grey
// 8-bit, grey 16-bit (values beyond 8 bits) or 8-bit BGR colour.
cv::Mat testPicture(int type)
{
    cv::Mat picture(23, 37, type);
    for (int y = 0; y < picture.rows; ++y) {
        for (int x = 0; x < picture.cols; ++x) {
            const int n = y * picture.cols + x;
            if (type == CV_8UC1) {
                picture.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>((n * 7) % 256);
            } else if (type == CV_16UC1) {
                picture.at<std::uint16_t>(y, x) = static_cast<std::uint16_t>(n * 61 + 300);
            } else {
                picture.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(n % 256),
                    static_cast<std::uint8_t>((x * 11) % 256), static_cast<std::uint8_t>((y * 13) % 256));
            }
        }
    }
    return picture;
}

} // namespace

class TestImageReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realDatasetJpeg()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
        const auto path = firstTrainImage();
        auto v = loadImage(path);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->dims, (std::array<int, 3> { 640, 640, 1 }));
        QCOMPARE(v->pixelType, PixelType::UInt16);
        const QImage reference(QString::fromStdString(path.string()));
        QCOMPARE(reference.width(), 640);
        // Same grey value as Qt's own decoder at a few places (the three channels are identical in this data).
        for (const auto& [x, y] : std::vector<std::pair<int, int>> { { 320, 320 }, { 100, 500 }, { 600, 40 } }) {
            QVERIFY(std::abs(v->value(static_cast<std::size_t>(y * 640 + x)) - qGray(reference.pixel(x, y))) <= 1);
        }
    }

    void sixteenBitPngKeepsItsRange()
    {
        QTemporaryDir dir;
        QImage image(4, 3, QImage::Format_Grayscale16);
        for (int y = 0; y < 3; ++y) {
            auto* row = reinterpret_cast<quint16*>(image.scanLine(y));
            for (int x = 0; x < 4; ++x) {
                row[x] = static_cast<quint16>(1000 * y + 10 * x + 40000);
            }
        }
        const QString path = dir.filePath("slice.png");
        QVERIFY(image.save(path));
        auto v = loadImage(path.toStdString());
        QVERIFY(v.ok());
        QCOMPARE(v->dims, (std::array<int, 3> { 4, 3, 1 }));
        QCOMPARE(v->value(2 * 4 + 3), 42030.0);
    }

    void bmpAndTiffMatchTheSamePictureAsPng_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<int>("type");
        QTest::newRow("BMP grey 8-bit") << ".bmp" << CV_8UC1;
        QTest::newRow("BMP colour") << ".bmp" << CV_8UC3;
        QTest::newRow("TIFF grey 8-bit") << ".tif" << CV_8UC1;
        QTest::newRow("TIFF grey 16-bit") << ".tiff" << CV_16UC1;
        QTest::newRow("TIFF colour") << ".tif" << CV_8UC3;
    }
    void bmpAndTiffMatchTheSamePictureAsPng()
    {
        QFETCH(QString, extension);
        QFETCH(int, type);
        QTemporaryDir dir;
        const cv::Mat picture = testPicture(type);
        const std::string png = dir.filePath("picture.png").toStdString();
        const std::string other = dir.filePath("picture" + extension).toStdString();
        QVERIFY(cv::imwrite(png, picture));
        QVERIFY(cv::imwrite(other, picture));
        auto reference = loadImage(png);
        QVERIFY2(reference.ok(), reference.ok() ? "" : reference.error().toString().c_str());
        auto v = loadImage(other);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->dims, (std::array<int, 3> { 37, 23, 1 }));
        QCOMPARE(v->dims, reference->dims);
        QCOMPARE(v->pixelType, reference->pixelType);
        for (std::size_t i = 0; i < v->voxelCount(); ++i) {
            QCOMPARE(v->value(i), reference->value(i));
            if (picture.channels() == 1) { // grey: also the written value itself
                const int x = static_cast<int>(i % 37);
                const int y = static_cast<int>(i / 37);
                QCOMPARE(v->value(i),
                    type == CV_8UC1 ? double(picture.at<std::uint8_t>(y, x)) : double(picture.at<std::uint16_t>(y, x)));
            }
        }
    }

    // encodePicture (the project's one encoder) writes what the readers and OpenCV read back, pixel for pixel.
    void encodedPicturesReadBack_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::newRow("PNG") << ".png";
        QTest::newRow("BMP") << ".bmp";
        QTest::newRow("TIFF") << ".TIF";
    }
    void encodedPicturesReadBack()
    {
        QFETCH(QString, extension);
        const int width = 37;
        const int height = 23;
        std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width * height * 3));
        for (std::size_t i = 0; i < rgb.size(); ++i) {
            rgb[i] = static_cast<std::uint8_t>((i * 7) % 251);
        }
        const auto bytes = dinolens::core::encodePicture(
            { rgb.data(), width, height, dinolens::core::PixelOrder::Rgb }, extension.toStdString());
        QVERIFY2(bytes.ok(), bytes.ok() ? "" : bytes.error().toString().c_str());
        QTemporaryDir dir;
        const std::string path = dir.filePath("picture" + extension).toStdString();
        std::ofstream(path, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
        const auto read = dinolens::core::readRgbPicture(path);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
        QCOMPARE(read->width, width);
        QCOMPARE(read->height, height);
        QVERIFY(read->pixels == rgb);
        const cv::Mat independent = cv::imread(path, cv::IMREAD_COLOR); // BGR
        QCOMPARE(independent.at<cv::Vec3b>(1, 2)[0], rgb[(1 * width + 2) * 3 + 2]);
    }

    void encodingRefusesWhatItCannotWrite()
    {
        const std::uint8_t grey[4] = { 1, 2, 3, 4 };
        const auto gif = dinolens::core::encodePicture({ grey, 2, 2, dinolens::core::PixelOrder::Grey }, ".gif");
        QVERIFY(!gif.ok());
        QCOMPARE(gif.error().code, dinolens::core::ErrorCode::InvalidArgument);
        const auto empty = dinolens::core::encodePicture({ nullptr, 0, 0, dinolens::core::PixelOrder::Grey }, ".png");
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, dinolens::core::ErrorCode::InvalidArgument);
    }

    void truncatedJpegIsRefused()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
        QTemporaryDir dir;
        std::ifstream in(firstTrainImage(), std::ios::binary);
        std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string path = dir.filePath("cut.jpg").toStdString();
        std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
        auto v = loadImage(path);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::Truncated);
    }

    void garbageImageIsAnError()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("noise.png").toStdString();
        std::ofstream(path, std::ios::binary) << "\x89PNG but not really an image";
        auto v = loadImage(path);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::InvalidFormat);
        QVERIFY(v.error().context.find("noise.png") != std::string::npos);
    }

    void missingFileIsNotFound()
    {
        auto v = loadImage("/nonexistent/slice.png");
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::NotFound);
    }

    void mixedFolderGroupsBySource()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        QTemporaryDir dir;
        const auto root = std::filesystem::path(dir.path().toStdString());
        std::filesystem::create_directories(root / "dicom");
        int copied = 0;
        for (const auto& e : std::filesystem::directory_iterator(dinolens::test::dataPath("dicom/series-dwi-sag48"))) {
            if (e.path().extension() == ".dcm" && copied++ < 3) {
                std::filesystem::copy_file(e.path(), root / "dicom" / e.path().filename());
            }
        }
        QImage image(8, 8, QImage::Format_Grayscale8);
        image.fill(7);
        std::filesystem::create_directories(root / "pictures");
        QVERIFY(image.save(QString::fromStdString((root / "pictures" / "a.png").string())));
        std::ofstream(root / "notes.txt") << "not an image";
        auto scan = scanPath(root);
        QVERIFY(scan.ok());
        QCOMPARE(scan->studies.size(), std::size_t { 2 });
        QCOMPARE(scan->studies[0].series[0].kind, SourceKind::Dicom);
        QCOMPARE(scan->studies[0].series[0].instances.size(), std::size_t { 3 });
        QCOMPARE(scan->studies[1].series[0].kind, SourceKind::Image);
        auto picture = loadSeries(scan->studies[1].series[0]);
        QVERIFY(picture.ok());
        QCOMPARE(picture->value(0), 7.0);
    }
};

QTEST_GUILESS_MAIN(TestImageReader)
#include "tst_image_reader.moc"
