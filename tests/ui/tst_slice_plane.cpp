// Toolkit-free view logic: plane mapping and orientation letters, reslicing, view transform, overlay
// compositing and areas, window drag.
#include <QtTest/QtTest>

#include <cstring>

#include "dinolens/ui/slice_plane.h"
#include "dinolens/ui/slice_renderer.h"
#include "dinolens/ui/view_transform.h"

using namespace dinolens;
using namespace dinolens::ui;

Q_DECLARE_METATYPE(dinolens::core::Mat3)

class TestSlicePlane : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void orientationLetters_data();
    void orientationLetters();
    void resliceFollowsPlane();
    void pixelAndVoxelRoundTrip();
    void transformKeepsAnchorAndAspect();
    void overlayBlendsFilledAndOutline();
    void overlayAreasUseSpacing();
    void dragWindowWidensAndRaises();
};

namespace {

core::Volume rampVolume(std::array<int, 3> dims, const core::Mat3& direction)
{
    core::Volume volume;
    volume.pixelType = core::PixelType::Int16;
    volume.dims = dims;
    volume.direction = direction;
    volume.spacing = { 1.0, 2.0, 3.0 };
    volume.voxels.resize(volume.voxelCount() * 2);
    auto voxels = volume.as<std::int16_t>();
    for (int k = 0; k < dims[2]; ++k) {
        for (int j = 0; j < dims[1]; ++j) {
            for (int i = 0; i < dims[0]; ++i) {
                voxels[static_cast<std::size_t>(i + dims[0] * (j + dims[1] * k))]
                    = static_cast<std::int16_t>(i + 10 * j + 100 * k);
            }
        }
    }
    return volume;
}

const core::Mat3 kIdentity { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
const core::Mat3 kRas { -1, 0, 0, 0, -1, 0, 0, 0, 1 }; // NIfTI's usual RAS voxel axes, in LPS
// A sagittal acquisition: i runs posterior, j inferior, k left (columns of the matrix are the voxel axes).
const core::Mat3 kSagittal { 0, 0, 1, 1, 0, 0, 0, -1, 0 };

} // namespace

void TestSlicePlane::orientationLetters_data()
{
    QTest::addColumn<core::Mat3>("direction");
    QTest::addColumn<int>("axis");
    QTest::addColumn<QString>("letters"); // left right top bottom
    QTest::addColumn<int>("sliceAxis");
    QTest::newRow("LPS axial") << kIdentity << 0 << "RLAP" << 2;
    QTest::newRow("LPS coronal") << kIdentity << 1 << "RLSI" << 1;
    QTest::newRow("LPS sagittal") << kIdentity << 2 << "APSI" << 0;
    QTest::newRow("RAS axial") << kRas << 0 << "RLAP" << 2;
    QTest::newRow("sagittal data, sagittal view") << kSagittal << 2 << "APSI" << 2;
    QTest::newRow("sagittal data, axial view") << kSagittal << 0 << "RLAP" << 1;
}

void TestSlicePlane::orientationLetters()
{
    QFETCH(core::Mat3, direction);
    QFETCH(int, axis);
    QFETCH(QString, letters);
    QFETCH(int, sliceAxis);
    const core::Volume volume = rampVolume({ 4, 5, 6 }, direction);
    const SlicePlane plane = slicePlane(volume, static_cast<ViewAxis>(axis));
    const auto edges = edgeLetters(volume, plane);
    QCOMPARE(QString::fromStdString(edges[0] + edges[1] + edges[2] + edges[3]), letters);
    QCOMPARE(plane.sliceAxis, sliceAxis);
}

void TestSlicePlane::resliceFollowsPlane()
{
    const core::Volume volume = rampVolume({ 4, 5, 6 }, kIdentity);
    const SlicePlane coronal = slicePlane(volume, ViewAxis::Coronal);
    QCOMPARE(coronal.width(), 4);
    QCOMPARE(coronal.height(), 6);
    QVERIFY(coronal.flipRows); // superior (k = 5) at the top
    const auto values = resliceValues(volume, coronal, 2);
    QCOMPARE(values.size(), std::size_t { 24 });
    QCOMPARE(values[0], 0.0f + 10 * 2 + 100 * 5); // x 0, y 0 -> i 0, j 2, k 5
    QCOMPARE(values[23], 3.0f + 10 * 2 + 100 * 0); // x 3, y 5 -> i 3, j 2, k 0
    const auto spacing = planeSpacing(volume, coronal);
    QCOMPARE(spacing[0], 1.0);
    QCOMPARE(spacing[1], 3.0);
    core::LabelMask mask = core::LabelMask::zeros(4, 5, 6);
    mask.at(1, 2, 4) = 2;
    const auto labels = resliceLabels(mask, coronal, 2);
    QCOMPARE(labels[static_cast<std::size_t>(1 + 4 * 1)], std::uint8_t { 2 }); // y = 5 - 4
    QVERIFY(resliceLabels(core::LabelMask::zeros(4, 5, 5), coronal, 2).empty());
}

void TestSlicePlane::pixelAndVoxelRoundTrip()
{
    const core::Volume volume = rampVolume({ 4, 5, 6 }, kRas);
    const SlicePlane axial = slicePlane(volume, ViewAxis::Axial);
    const auto voxel = axial.voxelOf(1, 3, 2);
    QCOMPARE(voxel, (std::array<int, 3> { 2, 1, 2 }));
    const auto pixel = axial.pixelOf({ 2.0, 1.0, 2.0 });
    QCOMPARE(pixel[0], 1.0);
    QCOMPARE(pixel[1], 3.0);
}

void TestSlicePlane::transformKeepsAnchorAndAspect()
{
    ViewTransform transform;
    transform.setImage(100, 50, { 1.0, 2.0 }); // 100 mm x 100 mm
    transform.setViewport(400, 200);
    transform.fit();
    const auto rect = transform.imageRect();
    QCOMPARE(rect[2], 200.0); // square on screen, limited by the height
    QCOMPARE(rect[3], 200.0);
    QCOMPARE(rect[0], 100.0);
    const ViewPoint anchor { 150.0, 70.0 };
    const ViewPoint before = transform.widgetToImage(anchor);
    transform.zoomAt(2.5, anchor);
    const ViewPoint after = transform.imageToWidget(before);
    QVERIFY(std::abs(after.x - anchor.x) < 1e-9 && std::abs(after.y - anchor.y) < 1e-9);
    QCOMPARE(transform.zoom(), 2.5);
    transform.panBy(10, -5);
    const ViewPoint moved = transform.imageToWidget(before);
    QVERIFY(std::abs(moved.x - anchor.x - 10) < 1e-9 && std::abs(moved.y - anchor.y + 5) < 1e-9);
    transform.fit();
    QCOMPARE(transform.imageRect()[0], 100.0);
}

void TestSlicePlane::overlayBlendsFilledAndOutline()
{
    const std::vector<float> values(25, 100.0f);
    const core::WindowLevel window { 100.5, 1.0, "t" }; // everything at 100 -> black? centre - 0.5 = 100 -> 0
    auto pixels = greyPixels(values, window, false);
    QCOMPARE(pixels[0], 0xff000000u);
    std::vector<std::uint8_t> labels(25, 0);
    for (const std::size_t n : { 6, 7, 8, 11, 12, 13, 16, 17, 18 }) {
        labels[n] = 1;
    }
    OverlayStyle style;
    style.opacity = 1.0;
    auto filled = pixels;
    blendOverlay(filled, labels, 5, style);
    QCOMPARE(filled[12], style.colors[1]);
    QCOMPARE(filled[0], 0xff000000u);
    style.filled = false;
    auto outline = pixels;
    blendOverlay(outline, labels, 5, style);
    QCOMPARE(outline[6], style.colors[1]);
    QCOMPARE(outline[12], 0xff000000u); // interior left alone
    style.visible = false;
    auto hidden = pixels;
    blendOverlay(hidden, labels, 5, style);
    QCOMPARE(hidden, pixels);
}

void TestSlicePlane::overlayAreasUseSpacing()
{
    core::LabelMask mask = core::LabelMask::zeros(4, 4, 2);
    mask.spacing = { 0.5, 0.5, 2.0 };
    mask.at(0, 0, 0) = 1;
    mask.at(1, 0, 0) = 1;
    mask.at(2, 2, 1) = 3;
    const std::vector<std::uint8_t> plane { 1, 1, 0, 0 };
    const OverlayAreas areas = overlayAreas(plane, { 0.5, 0.5 }, mask);
    QCOMPARE(areas.sliceAreaMm2[1], 0.5);
    QCOMPARE(areas.volumeMl[1], 2 * 0.5 / 1000.0);
    QCOMPARE(areas.volumeMl[3], 0.5 / 1000.0);
    QCOMPARE(areas.totalVolumeMl(), 1.5 / 1000.0);
}

void TestSlicePlane::dragWindowWidensAndRaises()
{
    const core::WindowLevel start { 100.0, 200.0, "Default" };
    const auto window = dragWindow(start, 50, -25, 1000.0);
    QCOMPARE(window.width, 300.0);
    QCOMPARE(window.center, 50.0);
    QCOMPARE(window.name, std::string("Manual"));
    QCOMPARE(dragWindow(start, -10000, 0, 1000.0).width, 1.0);
}

QTEST_GUILESS_MAIN(TestSlicePlane)
#include "tst_slice_plane.moc"
