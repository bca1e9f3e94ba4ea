// Datalists of volumes (core/datalist.h, core/datalist_case.h): the errors a user meets name the entry (bad paths,
// a missing label, shapes that differ, an unknown label name), label values map onto classes by name, and a DICOM
// SEG serves as the label of a DICOM series.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

#include "dinolens/core/datalist.h"
#include "dinolens/core/datalist_case.h"
#include "dinolens/core/dicom_seg.h"
#include "dinolens/core/nifti_writer.h"
#include "dinolens/core/study_reader.h"
#include "test_data.h"

using namespace dinolens::core;

class TestDatalist : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void readsEntriesAndMapsLabelsByName();
    void missingImageNamesTheEntry();
    void missingLabelFileNamesTheEntry();
    void entryWithoutLabelNamesTheEntry();
    void entryWithoutImageNamesTheEntry();
    void mismatchedShapesNameTheEntry();
    void unknownLabelNameIsRefused();
    void missingListIsRefused();
    void dicomSegIsTheLabelOfASeries();

private:
    std::filesystem::path write(const std::string& name, const std::string& json);
    std::filesystem::path m_dir;
    QTemporaryDir m_temp;
};

namespace {

LabelMask boxMask(int w, int h, int d, std::uint8_t value)
{
    LabelMask mask = LabelMask::zeros(w, h, d);
    mask.spacing = { 0.9, 0.9, 3.0 };
    for (int k = 1; k < d - 1; ++k) {
        for (int j = 4; j < 8; ++j) {
            for (int i = 4; i < 10; ++i) {
                mask.at(i, j, k) = value;
            }
        }
    }
    return mask;
}

} // namespace

void TestDatalist::initTestCase()
{
    QVERIFY(m_temp.isValid());
    m_dir = m_temp.path().toStdString();
    // Label masks are uint8 NIfTIs; the "image" volumes here are too (the loader takes any NIfTI).
    QVERIFY(writeNiftiLabelMask(m_dir / "image.nii.gz", boxMask(16, 16, 4, 40)));
    QVERIFY(writeNiftiLabelMask(m_dir / "label.nii.gz", boxMask(16, 16, 4, 2)));
    QVERIFY(writeNiftiLabelMask(m_dir / "label-5-slices.nii.gz", boxMask(16, 16, 5, 1)));
}

std::filesystem::path TestDatalist::write(const std::string& name, const std::string& json)
{
    const std::filesystem::path path = m_dir / name;
    std::ofstream(path) << json;
    return path;
}

void TestDatalist::readsEntriesAndMapsLabelsByName()
{
    const auto file = write("good.json",
        R"({"labels": {"0": "background", "2": "Meningioma"},
            "training": [{"image": "image.nii.gz", "label": "label.nii.gz"}],
            "validation": [{"image": ")"
            + (m_dir / "image.nii.gz").string() + R"(", "label": "label.nii.gz"}]})");
    QVERIFY(isDatalistFile(file));
    auto list = readDatalist(file, "valid");
    QVERIFY2(list, list ? "" : list.error().toString().c_str());
    QCOMPARE(list->list, std::string("validation"));
    QCOMPARE(list->entries.size(), size_t { 1 });
    QCOMPARE(list->classOfLabelValue[2], 2);
    auto loaded = loadDatalistCase(*list, list->entries.front());
    QVERIFY2(loaded, loaded ? "" : loaded.error().toString().c_str());
    QCOMPARE(loaded->label.dims, (std::array<int, 3> { 16, 16, 4 }));
    QCOMPARE(loaded->label.at(5, 5, 1), std::uint8_t { 2 }); // value 2 "Meningioma" -> class 2
    QCOMPARE(loaded->label.at(0, 0, 0), std::uint8_t { 0 });
    QVERIFY(std::abs(loaded->label.spacing[2] - 3.0) < 1e-6);
}

void TestDatalist::missingImageNamesTheEntry()
{
    const auto file = write("bad-image.json",
        R"({"training": [{"image": "image.nii.gz", "label": "label.nii.gz"},
                         {"image": "nowhere/t1.nii.gz", "label": "label.nii.gz"}]})");
    auto list = readDatalist(file, "train");
    QVERIFY(!list);
    QCOMPARE(list.error().code, ErrorCode::NotFound);
    QCOMPARE(list.error().context, std::string("bad-image.json training[1]"));
    QVERIFY2(list.error().message.find("nowhere/t1.nii.gz") != std::string::npos, list.error().message.c_str());
}

void TestDatalist::missingLabelFileNamesTheEntry()
{
    const auto file = write("bad-label.json", R"({"training": [{"image": "image.nii.gz", "label": "gone.nii.gz"}]})");
    auto list = readDatalist(file, "train");
    QVERIFY(!list);
    QCOMPARE(list.error().code, ErrorCode::NotFound);
    QCOMPARE(list.error().context, std::string("bad-label.json training[0]"));
    QVERIFY(list.error().message.find("label") != std::string::npos);
}

void TestDatalist::entryWithoutLabelNamesTheEntry()
{
    const auto file = write("no-label.json", R"({"validation": [{"image": "image.nii.gz"}]})");
    auto list = readDatalist(file, "validation");
    QVERIFY(list); // an inference-only list reads
    auto loaded = loadDatalistCase(*list, list->entries.front());
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code, ErrorCode::InvalidFormat);
    QCOMPARE(loaded.error().context, std::string("no-label.json validation[0]"));
    QVERIFY(loaded.error().message.find("no label") != std::string::npos);
}

void TestDatalist::entryWithoutImageNamesTheEntry()
{
    const auto file = write("no-image.json", R"({"training": [{"label": "label.nii.gz"}]})");
    auto list = readDatalist(file, "train");
    QVERIFY(!list);
    QCOMPARE(list.error().code, ErrorCode::InvalidFormat);
    QCOMPARE(list.error().context, std::string("no-image.json training[0]"));
}

void TestDatalist::mismatchedShapesNameTheEntry()
{
    const auto file
        = write("shapes.json", R"({"training": [{"image": "image.nii.gz", "label": "label-5-slices.nii.gz"}]})");
    auto list = readDatalist(file, "train");
    QVERIFY(list);
    auto loaded = loadDatalistCase(*list, list->entries.front());
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code, ErrorCode::InvalidFormat);
    QCOMPARE(loaded.error().context, std::string("shapes.json training[0]"));
    QVERIFY2(loaded.error().message.find("16x16x5") != std::string::npos
            && loaded.error().message.find("16x16x4") != std::string::npos,
        loaded.error().message.c_str());
}

void TestDatalist::unknownLabelNameIsRefused()
{
    const auto file = write("names.json",
        R"({"labels": {"0": "background", "1": "oedema"}, "training": [{"image": "image.nii.gz", "label": "label.nii.gz"}]})");
    auto list = readDatalist(file, "train");
    QVERIFY(!list);
    QCOMPARE(list.error().code, ErrorCode::InvalidFormat);
    QVERIFY(list.error().message.find("oedema") != std::string::npos);
}

void TestDatalist::missingListIsRefused()
{
    const auto file = write("lists.json", R"({"training": [{"image": "image.nii.gz", "label": "label.nii.gz"}]})");
    auto list = readDatalist(file, "test");
    QVERIFY(!list);
    QCOMPARE(list.error().code, ErrorCode::NotFound);
    QVERIFY(list.error().message.find("\"test\"") != std::string::npos);
}

void TestDatalist::dicomSegIsTheLabelOfASeries()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    const std::filesystem::path series = dinolens::test::dataPath("dicom/series-dwi-sag48");
    auto volume = loadVolume(series);
    QVERIFY2(volume, volume ? "" : volume.error().toString().c_str());
    LabelMask mask = LabelMask::zeros(volume->dims[0], volume->dims[1], volume->dims[2]);
    mask.spacing = volume->spacing;
    for (int k = 20; k < 24; ++k) {
        for (int j = 30; j < 40; ++j) {
            for (int i = 30; i < 45; ++i) {
                mask.at(i, j, k) = 1;
            }
        }
    }
    QVERIFY(writeDicomSeg(m_dir / "seg.dcm", mask, *volume));
    const auto file
        = write("series.json", R"({"training": [{"image": ")" + series.string() + R"(", "label": "seg.dcm"}]})");
    auto list = readDatalist(file, "train");
    QVERIFY2(list, list ? "" : list.error().toString().c_str());
    auto loaded = loadDatalistCase(*list, list->entries.front());
    QVERIFY2(loaded, loaded ? "" : loaded.error().toString().c_str());
    QCOMPARE(loaded->label.dims, volume->dims);
    QVERIFY(loaded->label.labels == mask.labels);

    // A SEG of another geometry does not fit: the error names the entry.
    LabelMask small = LabelMask::zeros(16, 16, 4);
    QVERIFY(writeNiftiLabelMask(m_dir / "small.nii.gz", small));
    const auto wrong = write("wrong.json", R"({"training": [{"image": "small.nii.gz", "label": "seg.dcm"}]})");
    auto wrongList = readDatalist(wrong, "train");
    QVERIFY(wrongList);
    auto refused = loadDatalistCase(*wrongList, wrongList->entries.front());
    QVERIFY(!refused);
    QCOMPARE(refused.error().context, std::string("wrong.json training[0]"));
}

QTEST_APPLESS_MAIN(TestDatalist)
#include "tst_datalist.moc"
