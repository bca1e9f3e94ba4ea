// Deeply nested sequences (the reader DCMTK recurses per level: 6,000 levels of a 120 KB file overflowed the
// stack): refused with an error before DCMTK parses them, in explicit and implicit VR, with undefined and with
// defined lengths; nesting within the limit still loads.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

#include "crafted_dicom.h"
#include "dinolens/core/study_reader.h"

using namespace dinolens::core;
namespace fs = std::filesystem;

namespace {

void putLittle(std::string& out, std::uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
    }
}

// (0040,A730) ContentSequence nested `depth` times, each with one item.
std::string nestedSequences(int depth, bool explicitVr, bool definedLengths)
{
    const auto sequenceHeader = [&](std::string& out, std::uint32_t length) {
        putLittle(out, 0x0040, 2);
        putLittle(out, 0xA730, 2);
        if (explicitVr) {
            out += "SQ";
            putLittle(out, 0, 2);
        }
        putLittle(out, length, 4);
    };
    const auto itemHeader = [&](std::string& out, std::uint32_t length) {
        putLittle(out, 0xFFFE, 2);
        putLittle(out, 0xE000, 2);
        putLittle(out, length, 4);
    };
    const std::uint32_t headerBytes = explicitVr ? 12 : 8;
    std::string out;
    if (definedLengths) {
        // Level k (0 = outermost) holds the levels below it: its item is (depth - 1 - k) * (header + 8) bytes.
        for (int k = 0; k < depth; ++k) {
            const auto itemLength = static_cast<std::uint32_t>(depth - 1 - k) * (headerBytes + 8);
            sequenceHeader(out, itemLength + 8);
            itemHeader(out, itemLength);
        }
        return out;
    }
    for (int k = 0; k < depth; ++k) {
        sequenceHeader(out, 0xFFFFFFFFU);
        itemHeader(out, 0xFFFFFFFFU);
    }
    for (int k = 0; k < depth; ++k) {
        putLittle(out, 0xFFFE, 2);
        putLittle(out, 0xE00D, 2);
        putLittle(out, 0, 4);
        putLittle(out, 0xFFFE, 2);
        putLittle(out, 0xE0DD, 2);
        putLittle(out, 0, 4);
    }
    return out;
}

// An explicit VR UN element of undefined length, which DCMTK reads as a sequence in implicit VR, holding
// `depth` - 1 implicit VR levels.
std::string unknownVrNesting(int depth)
{
    std::string out;
    putLittle(out, 0x0040, 2);
    putLittle(out, 0xA730, 2);
    out += "UN";
    putLittle(out, 0, 2);
    putLittle(out, 0xFFFFFFFFU, 4);
    putLittle(out, 0xFFFE, 2);
    putLittle(out, 0xE000, 2);
    putLittle(out, 0xFFFFFFFFU, 4);
    out += nestedSequences(depth - 1, false, false);
    putLittle(out, 0xFFFE, 2);
    putLittle(out, 0xE00D, 2);
    putLittle(out, 0, 4);
    putLittle(out, 0xFFFE, 2);
    putLittle(out, 0xE0DD, 2);
    putLittle(out, 0, 4);
    return out;
}

// A valid 4 x 4 MR header written by DCMTK, the nested sequences, then the pixel data (tags stay ascending).
// `unknownVr`: the nesting hides in an explicit VR UN element (explicitVr must be true).
fs::path writeNested(const QTemporaryDir& dir, int depth, bool explicitVr, bool definedLengths, bool unknownVr = false)
{
    const fs::path path = dir.filePath("nested.dcm").toStdString();
    DcmFileFormat file;
    dinolens::test::fillMrHeader(*file.getDataset(), 4, 4);
    if (!dinolens::test::saveDicom(file, path, explicitVr ? EXS_LittleEndianExplicit : EXS_LittleEndianImplicit)) {
        qFatal("cannot write the header");
    }
    std::string tail = unknownVr ? unknownVrNesting(depth) : nestedSequences(depth, explicitVr, definedLengths);
    putLittle(tail, 0x7FE0, 2);
    putLittle(tail, 0x0010, 2);
    if (explicitVr) {
        tail += "OW";
        putLittle(tail, 0, 2);
    }
    putLittle(tail, 32, 4);
    tail.append(32, '\x01');
    std::ofstream(path, std::ios::binary | std::ios::app).write(tail.data(), static_cast<std::streamsize>(tail.size()));
    return path;
}

} // namespace

class TestHostileDicomNesting : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nesting_data()
    {
        QTest::addColumn<int>("depth");
        QTest::addColumn<bool>("explicitVr");
        QTest::addColumn<bool>("definedLengths");
        QTest::addColumn<bool>("loads");
        QTest::addColumn<bool>("unknownVr");
        QTest::newRow("UN holding implicit VR, 20 levels") << 20 << true << false << true << true;
        QTest::newRow("UN holding implicit VR, 20000 levels") << 20000 << true << false << false << true;
        for (bool explicitVr : { true, false }) {
            for (bool defined : { false, true }) {
                const QString kind = QStringLiteral("%1 VR, %2 lengths")
                                         .arg(explicitVr ? "explicit" : "implicit", defined ? "defined" : "undefined");
                QTest::newRow(qPrintable(kind + ", 20 levels")) << 20 << explicitVr << defined << true << false;
                QTest::newRow(qPrintable(kind + ", 129 levels")) << 129 << explicitVr << defined << false << false;
                QTest::newRow(qPrintable(kind + ", 20000 levels")) << 20000 << explicitVr << defined << false << false;
            }
        }
    }
    void nesting()
    {
        QFETCH(int, depth);
        QFETCH(bool, explicitVr);
        QFETCH(bool, definedLengths);
        QFETCH(bool, loads);
        QFETCH(bool, unknownVr);
        QTemporaryDir dir;
        const fs::path path = writeNested(dir, depth, explicitVr, definedLengths, unknownVr);
        auto volume = loadVolume(path);
        if (loads) {
            QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
            QCOMPARE(volume->dims, (std::array<int, 3> { 4, 4, 1 }));
            return;
        }
        QVERIFY(!volume.ok());
        QCOMPARE(volume.error().code, ErrorCode::InvalidFormat);
        QVERIFY2(volume.error().message.find("nest deeper") != std::string::npos, volume.error().toString().c_str());
        QCOMPARE(volume.error().context, path.string());
    }
};

QTEST_GUILESS_MAIN(TestHostileDicomNesting)
#include "tst_hostile_dicom_nesting.moc"
