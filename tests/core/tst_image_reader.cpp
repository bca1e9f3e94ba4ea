// Plain images: the dataset's real JPEGs, 16-bit PNG, and corrupt or truncated files.
#include <QImage>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

#include "dinolens/core/image_reader.h"
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

}  // namespace

class TestImageReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realDatasetJpeg()
    {
        DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
        const auto path = firstTrainImage();
        auto v = loadImage(path);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->dims, (std::array<int, 3>{640, 640, 1}));
        QCOMPARE(v->pixelType, PixelType::UInt16);
        const QImage reference(QString::fromStdString(path.string()));
        QCOMPARE(reference.width(), 640);
        // Same grey value as Qt's own decoder at a few places (the three channels are identical in this data).
        for (const auto& [x, y] : std::vector<std::pair<int, int>>{{320, 320}, {100, 500}, {600, 40}}) {
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
        QCOMPARE(v->dims, (std::array<int, 3>{4, 3, 1}));
        QCOMPARE(v->value(2 * 4 + 3), 42030.0);
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
        QCOMPARE(scan->studies.size(), std::size_t{2});
        QCOMPARE(scan->studies[0].series[0].kind, SourceKind::Dicom);
        QCOMPARE(scan->studies[0].series[0].instances.size(), std::size_t{3});
        QCOMPARE(scan->studies[1].series[0].kind, SourceKind::Image);
        auto picture = loadSeries(scan->studies[1].series[0]);
        QVERIFY(picture.ok());
        QCOMPARE(picture->value(0), 7.0);
    }
};

QTEST_GUILESS_MAIN(TestImageReader)
#include "tst_image_reader.moc"
