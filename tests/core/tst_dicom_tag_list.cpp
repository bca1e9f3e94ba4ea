// listDicomTags: the tag view's source. Checks real values from the DWI series and the error for a bad file.
#include <QtTest/QtTest>

#include <algorithm>

#include "dinolens/core/dicom_tag_list.h"
#include "test_data.h"

using namespace dinolens::core;

class TestDicomTagList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsTagsOfRealFile();
    void cutsLongValues();
    void reportsMissingAndInvalidFiles_data();
    void reportsMissingAndInvalidFiles();
};

namespace {
std::filesystem::path firstDwiFile()
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dinolens::test::dataPath("dicom/series-dwi-sag48"))) {
        if (entry.is_regular_file() && entry.path().extension() != ".txt" && entry.path().filename() != "LICENSE") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files.empty() ? std::filesystem::path {} : files.front();
}

const DicomTagEntry* find(const std::vector<DicomTagEntry>& entries, std::uint16_t group, std::uint16_t element)
{
    const auto it = std::find_if(entries.begin(), entries.end(),
        [&](const DicomTagEntry& e) { return e.group == group && e.element == element; });
    return it == entries.end() ? nullptr : &*it;
}
} // namespace

void TestDicomTagList::listsTagsOfRealFile()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    const auto result = listDicomTags(firstDwiFile());
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    const auto& entries = *result;
    QVERIFY(entries.size() > 20);
    QCOMPARE(entries.front().group, std::uint16_t { 0x0002 }); // meta header first
    const DicomTagEntry* modality = find(entries, 0x0008, 0x0060);
    QVERIFY(modality != nullptr);
    QCOMPARE(modality->tag, std::string("(0008,0060)"));
    QCOMPARE(modality->keyword, std::string("Modality"));
    QCOMPARE(modality->vr, std::string("CS"));
    QCOMPARE(modality->value, std::string("MR"));
    const DicomTagEntry* rows = find(entries, 0x0028, 0x0010);
    QVERIFY(rows != nullptr);
    QCOMPARE(rows->value, std::string("82"));
    const DicomTagEntry* pixels = find(entries, 0x7FE0, 0x0010);
    QVERIFY(pixels != nullptr);
    QVERIFY2(pixels->value.find("bytes") != std::string::npos, pixels->value.c_str());
}

void TestDicomTagList::cutsLongValues()
{
    DINOLENS_REQUIRE_DATA("dicom/series-dwi-sag48");
    DicomTagListOptions options;
    options.maxValueLength = 4;
    const auto result = listDicomTags(firstDwiFile(), options);
    QVERIFY(result.ok());
    const DicomTagEntry* sopClass = find(*result, 0x0008, 0x0016);
    QVERIFY(sopClass != nullptr);
    QCOMPARE(sopClass->value.size(), std::size_t { 7 });
    QVERIFY(sopClass->value.ends_with("..."));
}

void TestDicomTagList::reportsMissingAndInvalidFiles_data()
{
    QTest::addColumn<QString>("relative");
    QTest::addColumn<int>("code");
    QTest::newRow("missing") << "dicom/no-such-file.dcm" << static_cast<int>(ErrorCode::NotFound);
    QTest::newRow("not dicom") << "brain-tumor/data.yaml" << static_cast<int>(ErrorCode::InvalidFormat);
}

void TestDicomTagList::reportsMissingAndInvalidFiles()
{
    QFETCH(QString, relative);
    QFETCH(int, code);
    DINOLENS_REQUIRE_DATA("dicom");
    const auto path = dinolens::test::dataPath(relative.toStdString());
    const auto result = listDicomTags(path);
    QVERIFY(!result.ok());
    QCOMPARE(static_cast<int>(result.error().code), code);
    QCOMPARE(result.error().context, path.string());
}

QTEST_GUILESS_MAIN(TestDicomTagList)
#include "tst_dicom_tag_list.moc"
