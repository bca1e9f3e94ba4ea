// Loading real DICOM series and single files: geometry, slice order, transfer syntaxes, 12-bit masking.
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "dinolens/core/dicom_scanner.h"
#include "dinolens/core/dicom_series_loader.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;

namespace {

Volume loadOrFail(const std::string& relative)
{
    auto volume = loadVolume(dinolens::test::dataPath(relative));
    if (!volume) {
        qFatal("%s", volume.error().toString().c_str());
    }
    return std::move(volume).value();
}

std::vector<double> values(const Volume& v)
{
    std::vector<double> out(v.voxelCount());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = v.value(i);
    }
    return out;
}

} // namespace

class TestDicomSeriesLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sagittalSeriesGeometry()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        auto scan = scanDicom(dinolens::test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY2(scan.ok(), scan.ok() ? "" : scan.error().toString().c_str());
        QCOMPARE(scan->studies.size(), std::size_t { 1 });
        QCOMPARE(scan->studies[0].series.size(), std::size_t { 1 });
        QCOMPARE(scan->skipped.size(), std::size_t { 1 }); // the LICENSE file
        const SeriesInfo& series = scan->studies[0].series[0];
        QCOMPARE(series.instances.size(), std::size_t { 48 });
        auto volume = loadDicomSeries(series);
        QVERIFY(volume.ok());
        QCOMPARE(volume->dims, (std::array<int, 3> { 82, 82, 48 }));
        QCOMPARE(volume->slices.size(), std::size_t { 48 });
        QVERIFY(std::abs(volume->spacing[2] - 2.7) < 0.05); // 2.7 mm sagittal slices
        QCOMPARE(volume->origin, *volume->slices.front().position);
        // Slices are ordered along the normal: consecutive positions are one slice spacing apart.
        for (int k = 1; k < 48; ++k) {
            const Vec3 expected = volume->voxelToLps(0, 0, k);
            const Vec3& actual = *volume->slices[static_cast<std::size_t>(k)].position;
            for (int a = 0; a < 3; ++a) {
                QVERIFY(std::abs(expected[a] - actual[a]) < 0.05);
            }
        }
        QVERIFY(!volume->windows.empty());
        const auto minmax = std::minmax_element(volume->as<std::uint16_t>().begin(), volume->as<std::uint16_t>().end());
        QVERIFY(*minmax.second > *minmax.first);
    }

    void sliceOrderIgnoresFileOrder()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        auto scan = scanDicom(dinolens::test::dataPath("dicom/series-dwi-sag48"));
        QVERIFY(scan.ok());
        SeriesInfo shuffled = scan->studies[0].series[0];
        std::reverse(shuffled.instances.begin(), shuffled.instances.end());
        sortInstances(shuffled);
        QCOMPARE(shuffled.instances.front().path, scan->studies[0].series[0].instances.front().path);
        auto a = loadDicomSeries(scan->studies[0].series[0]);
        std::reverse(shuffled.instances.begin(), shuffled.instances.end());
        auto b = loadDicomSeries(shuffled); // the loader orders by position itself
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->voxels == b->voxels);
    }

    void transferSyntaxesDecodeIdentically_data()
    {
        QTest::addColumn<QString>("file");
        for (int i = 2; i <= 9; ++i) {
            QTest::newRow(qPrintable(QString::number(i))) << QStringLiteral("%1.dcm").arg(i);
        }
    }
    void transferSyntaxesDecodeIdentically()
    {
        DINOLENS_REQUIRE_DATA("dicom/transfer-syntaxes");
        QFETCH(QString, file);
        const Volume reference = loadOrFail("dicom/transfer-syntaxes/1.dcm");
        const Volume other = loadOrFail("dicom/transfer-syntaxes/" + file.toStdString());
        QCOMPARE(other.dims, reference.dims);
        QCOMPARE(other.dims, (std::array<int, 3> { 384, 384, 1 }));
        QVERIFY(values(other) == values(reference));
    }

    void smallMrEncodings_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f :
            { "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_implicit.dcm",
                "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm", "MR_small_padded.dcm" }) {
            QTest::newRow(f) << QString::fromLatin1(f);
        }
    }
    void smallMrEncodings()
    {
        DINOLENS_REQUIRE_DATA("dicom/edge-pydicom");
        QFETCH(QString, file);
        const Volume reference = loadOrFail("dicom/edge-pydicom/MR_small.dcm");
        const Volume other = loadOrFail("dicom/edge-pydicom/" + file.toStdString());
        QCOMPARE(other.dims, (std::array<int, 3> { 64, 64, 1 }));
        QVERIFY(values(other) == values(reference));
    }

    void twelveBitUnsignedIsMasked()
    {
        DINOLENS_REQUIRE_DATA("dicom/twelve-bit");
        const Volume v = loadOrFail("dicom/twelve-bit/12bitUnsigned_0x0F0F.dcm");
        const auto vals = values(v);
        QCOMPARE(*std::max_element(vals.begin(), vals.end()), 4095.0);
        QVERIFY(*std::min_element(vals.begin(), vals.end()) >= 0.0);
        QVERIFY(std::find(vals.begin(), vals.end(), 3855.0) != vals.end()); // 0x0F0F stripes
        const Volume clean = loadOrFail("dicom/twelve-bit/12bitUnsigned.dcm");
        const auto cleanVals = values(clean);
        QVERIFY(*std::max_element(cleanVals.begin(), cleanVals.end()) <= 4095.0);
    }

    void twelveBitSignedIsSignExtended()
    {
        DINOLENS_REQUIRE_DATA("dicom/twelve-bit");
        const Volume v = loadOrFail("dicom/twelve-bit/12bitSigned_0x0F0F.dcm");
        QCOMPARE(v.pixelType, PixelType::Int16);
        const auto vals = values(v);
        QVERIFY(*std::min_element(vals.begin(), vals.end()) >= -2048.0);
        QVERIFY(*std::max_element(vals.begin(), vals.end()) <= 2047.0);
        QVERIFY(std::find(vals.begin(), vals.end(), -241.0) != vals.end()); // 0x0F0F as 12-bit signed
        QVERIFY(std::find(vals.begin(), vals.end(), -1.0) != vals.end()); // 0xFFFF as 12-bit signed
    }

    void rescaleMatchesAnIndependentReader()
    {
        // Reference values from pydicom 2.3 (pixel_array through apply_modality_lut), not from our own code.
        DINOLENS_REQUIRE_DATA("dicom/edge-pydicom");
        const Volume ct = loadOrFail("dicom/edge-pydicom/CT_small.dcm"); // slope 1, intercept -1024
        QCOMPARE(ct.dims, (std::array<int, 3> { 128, 128, 1 }));
        const auto vals = values(ct);
        const auto at = [&](int row, int column) { return vals[static_cast<size_t>(row * 128 + column)]; };
        QCOMPARE(at(0, 0), -849.0);
        QCOMPARE(at(0, 1), -844.0);
        QCOMPARE(at(0, 2), -858.0);
        QCOMPARE(at(0, 3), -881.0);
        QCOMPARE(at(64, 64), 904.0);
        QCOMPARE(at(127, 127), -115.0);
        QCOMPARE(*std::min_element(vals.begin(), vals.end()), -896.0);
        QCOMPARE(*std::max_element(vals.begin(), vals.end()), 1167.0);
        QCOMPARE(std::accumulate(vals.begin(), vals.end(), 0.0), -1950906.0);

        DINOLENS_REQUIRE_DATA("dicom/edge-nibabel");
        const Volume decimal = loadOrFail("dicom/edge-nibabel/decimal_rescale.dcm"); // "2.0" and "-4096.0"
        QCOMPARE(decimal.rescaleSlope, 2.0);
        QCOMPARE(decimal.rescaleIntercept, -4096.0);
        const auto decimalValues = values(decimal);
        QCOMPARE(decimalValues.size(), size_t { 96 * 128 });
        QVERIFY(std::all_of(decimalValues.begin(), decimalValues.end(), [](double v) { return v == -4096.0; }));
    }

    void colourBecomesLuminance()
    {
        DINOLENS_REQUIRE_DATA("dicom/edge-pydicom");
        const Volume v = loadOrFail("dicom/edge-pydicom/SC_rgb_small_odd.dcm");
        QCOMPARE(v.dims, (std::array<int, 3> { 3, 3, 1 }));
        const auto vals = values(v);
        QVERIFY(*std::max_element(vals.begin(), vals.end()) <= 255.0);
    }

    void memoryLimitRefusesBeforeDecoding()
    {
        DINOLENS_REQUIRE_DATA("dicom/transfer-syntaxes");
        VolumeLoadOptions options;
        options.maxBytes = 1000;
        auto volume = loadVolume(dinolens::test::dataPath("dicom/transfer-syntaxes/9.dcm"), options);
        QVERIFY(!volume.ok());
        QCOMPARE(volume.error().code, ErrorCode::TooLarge);
    }

    void cancelledScanStops()
    {
        DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
        DicomScanOptions options;
        options.cancel.cancel();
        auto scan = scanDicom(dinolens::test::dataPath("dicom/series-dwi-sag48"), options);
        QVERIFY(!scan.ok());
        QCOMPARE(scan.error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestDicomSeriesLoader)
#include "tst_dicom_series_loader.moc"
