// NIfTI volumes: real tumour volumes and masks, a hand-made header with a known sform (RAS -> LPS), 4-D volume
// selection, scaling, and bad headers refused before allocation.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <set>

#include "dinolens/core/nifti_reader.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

// A minimal single-file NIfTI-1 (.nii): 348-byte header, 4 bytes of extension flags, then float32 voxels.
struct NiftiSpec {
    std::array<short, 8> dim{3, 2, 2, 2, 1, 1, 1, 1};
    float slope = 0.0f;
    float intercept = 0.0f;
    std::array<float, 12> srow{-2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 30};
    std::size_t dataBytes = 0;  // bytes of voxel data actually written (to make truncated files)
};

std::string writeNifti(const QTemporaryDir& dir, const char* name, const NiftiSpec& spec, const std::vector<float>& data)
{
    std::vector<char> header(352, 0);
    const auto put = [&](std::size_t offset, const void* value, std::size_t size) {
        std::memcpy(header.data() + offset, value, size);
    };
    const int sizeofHdr = 348;
    const short datatype = 16;  // DT_FLOAT32
    const short bitpix = 32;
    const float voxOffset = 352.0f;
    const short sformCode = 1;
    const float pixdim[8] = {1, 2, 3, 4, 1, 1, 1, 1};
    put(0, &sizeofHdr, 4);
    put(40, spec.dim.data(), 16);
    put(70, &datatype, 2);
    put(72, &bitpix, 2);
    put(76, pixdim, 32);
    put(108, &voxOffset, 4);
    put(112, &spec.slope, 4);
    put(116, &spec.intercept, 4);
    put(254, &sformCode, 2);
    put(280, spec.srow.data(), 48);
    put(344, "n+1\0", 4);
    const std::string path = dir.filePath(name).toStdString();
    std::ofstream out(path, std::ios::binary);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    const std::size_t bytes = spec.dataBytes != 0 ? spec.dataBytes : data.size() * sizeof(float);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(bytes));
    return path;
}

}  // namespace

class TestNiftiReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realTumourVolumeAndMask()
    {
        DINOLENS_REQUIRE_DATA("nifti/brain-tumor-progression");
        const auto folder = dinolens::test::dataPath("nifti/brain-tumor-progression");
        std::filesystem::path scan, mask;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
            const std::string name = entry.path().filename().string();
            if (scan.empty() && name.find("Post_Scan_T1") != std::string::npos) {
                scan = entry.path();
                mask = entry.path().parent_path() / "Post_Mask.nii.gz";
            }
        }
        QVERIFY(!scan.empty());
        auto volume = loadNifti(scan);
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        QCOMPARE(volume->dims, (std::array<int, 3>{256, 256, 24}));
        QCOMPARE(volume->pixelType, PixelType::Float32);  // float64 on disk
        QCOMPARE(volume->slices.size(), std::size_t{24});
        if (std::filesystem::exists(mask)) {
            auto labels = loadNifti(mask);
            QVERIFY(labels.ok());
            QCOMPARE(labels->dims, volume->dims);
            std::set<double> distinct;
            for (std::size_t i = 0; i < labels->voxelCount(); ++i) {
                distinct.insert(labels->value(i));
            }
            QVERIFY(distinct.size() == 2 && distinct.count(0.0) == 1);
        }
    }

    void mniTemplateIsRasOriented()
    {
        const std::filesystem::path ch2 = "/usr/share/mricron/templates/ch2.nii.gz";
        if (!std::filesystem::exists(ch2)) {
            QSKIP("mricron-data is not installed (packaging/install-deps.sh installs it)");
        }
        auto volume = loadNifti(ch2);
        QVERIFY(volume.ok());
        QCOMPARE(volume->dims, (std::array<int, 3>{181, 217, 181}));
        QCOMPARE(volume->orientationCode(), std::string("RAS"));  // voxel axes point Right, Anterior, Superior
        QVERIFY(std::abs(volume->spacing[0] - 1.0) < 1e-6);
    }

    void sformBecomesLps()
    {
        QTemporaryDir dir;
        const auto path = writeNifti(dir, "geometry.nii", {}, std::vector<float>(8, 1.0f));
        auto v = loadNifti(path);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->spacing, (Vec3{2.0, 3.0, 4.0}));
        QCOMPARE(v->origin, (Vec3{-10.0, -20.0, 30.0}));  // RAS (10, 20, 30) in LPS
        QCOMPARE(v->direction, (Mat3{1, 0, 0, 0, -1, 0, 0, 0, 1}));
        QCOMPARE(v->voxelToLps(1, 1, 1), (Vec3{-8.0, -23.0, 34.0}));
        QCOMPARE(v->orientationCode(), std::string("LAS"));
    }

    void fourDimensionalSelectsOneVolumeAndScales()
    {
        QTemporaryDir dir;
        NiftiSpec spec;
        spec.dim = {4, 2, 2, 2, 3, 1, 1, 1};
        spec.slope = 2.0f;
        spec.intercept = 1.0f;
        std::vector<float> data(24);
        for (std::size_t i = 0; i < data.size(); ++i) {
            data[i] = static_cast<float>(i);
        }
        const auto path = writeNifti(dir, "series.nii", spec, data);
        VolumeLoadOptions options;
        options.volumeIndex = 2;
        auto v = loadNifti(path, options);
        QVERIFY(v.ok());
        QCOMPARE(v->dims, (std::array<int, 3>{2, 2, 2}));
        QCOMPARE(v->value(0), 16.0 * 2.0 + 1.0);
        options.volumeIndex = 3;
        auto outOfRange = loadNifti(path, options);
        QVERIFY(!outOfRange.ok());
        QCOMPARE(outOfRange.error().code, ErrorCode::InvalidArgument);
    }

    void hugeHeaderIsRefusedBeforeAllocation()
    {
        QTemporaryDir dir;
        NiftiSpec spec;
        spec.dim = {3, 30000, 30000, 30000, 1, 1, 1, 1};
        spec.dataBytes = 64;
        const auto path = writeNifti(dir, "huge.nii", spec, std::vector<float>(16));
        auto v = loadNifti(path);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::TooLarge);
    }

    void truncatedDataIsAnError()
    {
        QTemporaryDir dir;
        NiftiSpec spec;
        spec.dim = {3, 64, 64, 64, 1, 1, 1, 1};
        spec.dataBytes = 1000;
        const auto path = writeNifti(dir, "cut.nii", spec, std::vector<float>(250));
        auto v = loadNifti(path);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::Truncated);
        QVERIFY(v.error().context.find("cut.nii") != std::string::npos);
    }

    void garbageIsNotNifti()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("garbage.nii").toStdString();
        std::ofstream(path) << "this is not a NIfTI header";
        auto v = loadNifti(path);
        QVERIFY(!v.ok());
        QCOMPARE(v.error().code, ErrorCode::InvalidFormat);
    }
};

QTEST_GUILESS_MAIN(TestNiftiReader)
#include "tst_nifti_reader.moc"
