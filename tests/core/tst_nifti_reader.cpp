// NIfTI volumes: real tumour volumes and masks, a hand-made header with a known sform (RAS -> LPS), a qform-only
// NIfTI-1 and a gzipped NIfTI-2 header against nibabel's geometry, 4-D volume selection, scaling, and bad headers
// refused before allocation.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <set>

#include <nifti1.h>
#include <nifti2.h>
#include <zlib.h>

#include "dinolens/core/nifti_reader.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

// A minimal single-file NIfTI-1 (.nii): 348-byte header, 4 bytes of extension flags, then float32 voxels.
struct NiftiSpec {
    std::array<short, 8> dim { 3, 2, 2, 2, 1, 1, 1, 1 };
    float slope = 0.0f;
    float intercept = 0.0f;
    std::array<float, 12> srow { -2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 30 };
    std::size_t dataBytes = 0; // bytes of voxel data actually written (to make truncated files)
};

std::string writeNifti(
    const QTemporaryDir& dir, const char* name, const NiftiSpec& spec, const std::vector<float>& data)
{
    std::vector<char> header(352, 0);
    const auto put = [&](std::size_t offset, const void* value, std::size_t size) {
        std::memcpy(header.data() + offset, value, size);
    };
    const int sizeofHdr = 348;
    const short datatype = 16; // DT_FLOAT32
    const short bitpix = 32;
    const float voxOffset = 352.0f;
    const short sformCode = 1;
    const float pixdim[8] = { 1, 2, 3, 4, 1, 1, 1, 1 };
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

// The int16 voxels of the crafted files below: voxel n (NIfTI order, i fastest) holds 10 n - 7.
std::vector<std::int16_t> rampVoxels(std::size_t count)
{
    std::vector<std::int16_t> voxels(count);
    for (std::size_t n = 0; n < count; ++n) {
        voxels[n] = static_cast<std::int16_t>(10 * static_cast<int>(n) - 7);
    }
    return voxels;
}

// A NIfTI-1 file whose only transform is the qform: a rotation by the quaternion (b, c, d) = (0.1, 0.2, 0.3), a
// left-handed voxel grid (qfac -1), spacing 1.5 x 2 x 2.5 mm, 4 x 3 x 2 int16 voxels. The srow rows hold a different
// matrix under sform_code 0, which a reader must ignore.
std::string writeQformOnlyNifti1(const QTemporaryDir& dir)
{
    nifti_1_header h {};
    h.sizeof_hdr = 348;
    h.dim[0] = 3;
    h.dim[1] = 4;
    h.dim[2] = 3;
    h.dim[3] = 2;
    for (int i = 4; i < 8; ++i) {
        h.dim[i] = 1;
    }
    h.datatype = DT_INT16;
    h.bitpix = 16;
    const float pixdim[8] = { -1.0f, 1.5f, 2.0f, 2.5f, 1.0f, 1.0f, 1.0f, 1.0f };
    std::memcpy(h.pixdim, pixdim, sizeof pixdim);
    h.vox_offset = 352.0f;
    h.qform_code = NIFTI_XFORM_SCANNER_ANAT;
    h.sform_code = 0;
    h.quatern_b = 0.1f;
    h.quatern_c = 0.2f;
    h.quatern_d = 0.3f;
    h.qoffset_x = 12.5f;
    h.qoffset_y = -30.0f;
    h.qoffset_z = 7.25f;
    for (int c = 0; c < 4; ++c) {
        h.srow_x[c] = h.srow_y[c] = h.srow_z[c] = 9.0f;
    }
    std::memcpy(h.magic, "n+1\0", 4);
    const std::string path = dir.filePath("qform-only.nii").toStdString();
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    out.write("\0\0\0\0", 4);
    const auto voxels = rampVoxels(24);
    out.write(reinterpret_cast<const char*>(voxels.data()), static_cast<std::streamsize>(voxels.size() * 2));
    return path;
}

// A gzipped NIfTI-2 file (540-byte header, 64-bit dimensions, double transforms): an oblique sform (code 2) with a
// flipped third axis, a different qform (code 1) that the sform overrides, scl_slope 2 and scl_inter -3,
// 5 x 4 x 3 int16 voxels.
std::string writeGzippedNifti2(const QTemporaryDir& dir)
{
    nifti_2_header h {};
    h.sizeof_hdr = 540;
    std::memcpy(h.magic, "n+2\0\r\n\032\n", 8);
    h.datatype = DT_INT16;
    h.bitpix = 16;
    h.dim[0] = 3;
    h.dim[1] = 5;
    h.dim[2] = 4;
    h.dim[3] = 3;
    for (int i = 4; i < 8; ++i) {
        h.dim[i] = 1;
    }
    const double pixdim[8] = { 1.0, 0.8, 0.9, 3.0, 1.0, 1.0, 1.0, 1.0 };
    std::memcpy(h.pixdim, pixdim, sizeof pixdim);
    h.vox_offset = 544;
    h.scl_slope = 2.0;
    h.scl_inter = -3.0;
    h.qform_code = NIFTI_XFORM_SCANNER_ANAT;
    h.sform_code = NIFTI_XFORM_ALIGNED_ANAT;
    const double srow[3][4]
        = { { 0.768, -0.252, 0.0, -60.5 }, { 0.224, 0.864, 0.0, 80.25 }, { 0.0, 0.0, -3.0, -12.0 } };
    std::memcpy(h.srow_x, srow[0], sizeof srow[0]);
    std::memcpy(h.srow_y, srow[1], sizeof srow[1]);
    std::memcpy(h.srow_z, srow[2], sizeof srow[2]);
    const std::string path = dir.filePath("oblique.nii.gz").toStdString();
    gzFile out = gzopen(path.c_str(), "wb");
    gzwrite(out, &h, sizeof h);
    gzwrite(out, "\0\0\0\0", 4);
    const auto voxels = rampVoxels(60);
    gzwrite(out, voxels.data(), static_cast<unsigned>(voxels.size() * 2));
    gzclose(out);
    return path;
}

// Compares the LPS position of voxel corners with nibabel's.
void compareWithNibabel(const Volume& v, const std::vector<std::pair<std::array<int, 3>, Vec3>>& expected)
{
    for (const auto& [voxel, lps] : expected) {
        const Vec3 actual = v.voxelToLps(voxel[0], voxel[1], voxel[2]);
        for (int a = 0; a < 3; ++a) {
            QVERIFY2(std::abs(actual[static_cast<std::size_t>(a)] - lps[static_cast<std::size_t>(a)]) < 1e-4,
                qPrintable(QStringLiteral("voxel (%1, %2, %3) axis %4: %5, nibabel %6")
                               .arg(voxel[0])
                               .arg(voxel[1])
                               .arg(voxel[2])
                               .arg(a)
                               .arg(actual[static_cast<std::size_t>(a)], 0, 'f', 6)
                               .arg(lps[static_cast<std::size_t>(a)], 0, 'f', 6)));
        }
    }
}

} // namespace

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
        QCOMPARE(volume->dims, (std::array<int, 3> { 256, 256, 24 }));
        QCOMPARE(volume->pixelType, PixelType::Float32); // float64 on disk
        QCOMPARE(volume->slices.size(), std::size_t { 24 });
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
        QCOMPARE(volume->dims, (std::array<int, 3> { 181, 217, 181 }));
        QCOMPARE(volume->orientationCode(), std::string("RAS")); // voxel axes point Right, Anterior, Superior
        QVERIFY(std::abs(volume->spacing[0] - 1.0) < 1e-6);
    }

    void sformBecomesLps()
    {
        QTemporaryDir dir;
        const auto path = writeNifti(dir, "geometry.nii", {}, std::vector<float>(8, 1.0f));
        auto v = loadNifti(path);
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->spacing, (Vec3 { 2.0, 3.0, 4.0 }));
        QCOMPARE(v->origin, (Vec3 { -10.0, -20.0, 30.0 })); // RAS (10, 20, 30) in LPS
        QCOMPARE(v->direction, (Mat3 { 1, 0, 0, 0, -1, 0, 0, 0, 1 }));
        QCOMPARE(v->voxelToLps(1, 1, 1), (Vec3 { -8.0, -23.0, 34.0 }));
        QCOMPARE(v->orientationCode(), std::string("LAS"));
    }

    void qformOnlyHeaderBecomesLps()
    {
        QTemporaryDir dir;
        auto v = loadNifti(writeQformOnlyNifti1(dir));
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->dims, (std::array<int, 3> { 4, 3, 2 }));
        // Reference: nibabel 5.0.0 (Debian 12, /usr/bin/python3) on the file written above,
        // `diag(-1, -1, 1, 1) @ nib.load(path).affine` (the qform, as sform_code is 0) applied to each voxel.
        compareWithNibabel(*v,
            { { { 0, 0, 0 }, { -12.5, 30.0, 7.25 } }, { { 3, 0, 0 }, { -15.83, 27.316123, 5.850749 } },
                { { 0, 2, 0 }, { -10.434331, 26.8, 8.47189 } }, { { 0, 0, 1 }, { -11.422638, 29.836319, 5.0 } },
                { { 3, 2, 1 }, { -12.68697, 23.952442, 4.822638 } } });
        for (std::size_t a = 0; a < 3; ++a) {
            QVERIFY(std::abs(v->spacing[a] - std::array { 1.5, 2.0, 2.5 }[a]) < 1e-6);
        }
        const auto voxels = rampVoxels(24);
        for (std::size_t n = 0; n < voxels.size(); ++n) {
            QCOMPARE(v->value(n), static_cast<double>(voxels[n]));
        }
    }

    void gzippedNifti2SformBecomesLps()
    {
        QTemporaryDir dir;
        auto v = loadNifti(writeGzippedNifti2(dir));
        QVERIFY2(v.ok(), v.ok() ? "" : v.error().toString().c_str());
        QCOMPARE(v->dims, (std::array<int, 3> { 5, 4, 3 }));
        // Reference: nibabel 5.0.0 (Debian 12, /usr/bin/python3) on the file written above, read as a
        // Nifti2Image; `diag(-1, -1, 1, 1) @ affine` (the sform, code 2) applied to each voxel.
        compareWithNibabel(*v,
            { { { 0, 0, 0 }, { 60.5, -80.25, -12.0 } }, { { 4, 0, 0 }, { 57.428, -81.146, -12.0 } },
                { { 0, 3, 0 }, { 61.256, -82.842, -12.0 } }, { { 0, 0, 2 }, { 60.5, -80.25, -18.0 } },
                { { 4, 3, 2 }, { 58.184, -83.738, -18.0 } } });
        // Scaled values: 2 x stored - 3.
        const auto voxels = rampVoxels(60);
        for (std::size_t n = 0; n < voxels.size(); ++n) {
            QCOMPARE(v->value(n), 2.0 * voxels[n] - 3.0);
        }
    }

    void fourDimensionalSelectsOneVolumeAndScales()
    {
        QTemporaryDir dir;
        NiftiSpec spec;
        spec.dim = { 4, 2, 2, 2, 3, 1, 1, 1 };
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
        QCOMPARE(v->dims, (std::array<int, 3> { 2, 2, 2 }));
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
        spec.dim = { 3, 30000, 30000, 30000, 1, 1, 1, 1 };
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
        spec.dim = { 3, 64, 64, 64, 1, 1, 1, 1 };
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
