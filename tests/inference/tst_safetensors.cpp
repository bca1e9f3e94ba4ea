// safetensors reader/writer: round trip, dtype conversion and every corruption the reader must refuse
// without crashing.
#include <QtTest/QtTest>

#include <QTemporaryDir>

#include <cstring>
#include <fstream>

#include "dinolens/inference/safetensors.h"

using namespace dinolens::inference;
using dinolens::core::ErrorCode;

namespace {

std::string lengthPrefix(uint64_t length)
{
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) {
        bytes[static_cast<size_t>(i)] = static_cast<char>((length >> (8 * i)) & 0xffu);
    }
    return bytes;
}

void writeRaw(const std::filesystem::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string fileWith(const std::string& header, const std::string& data)
{
    return lengthPrefix(header.size()) + header + data;
}

std::string floatBytes(std::initializer_list<float> values)
{
    std::string bytes(values.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), values.begin(), bytes.size());
    return bytes;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }
    void roundTrip();
    void halfPrecisionConversions();
    void rejectsCorruptFiles_data();
    void rejectsCorruptFiles();
    void rejectsIntegerDtypeAsFloat();
    void missingFileIsNotFound();

private:
    std::filesystem::path path(const char* name) const
    {
        return std::filesystem::path(m_dir.path().toStdString()) / name;
    }
    QTemporaryDir m_dir;
};

void TestSafetensors::roundTrip()
{
    std::map<std::string, FloatTensor> tensors;
    tensors["b"] = FloatTensor({ 2, 3 }, { 1, 2, 3, 4, 5, 6 });
    tensors["a"] = FloatTensor({ 1 }, { -0.5f });
    tensors["empty"] = FloatTensor({ 0, 4 }, {});
    QVERIFY(writeSafetensors(path("out.safetensors"), tensors, { { "format", "pt" } }).ok());
    QVERIFY(!std::filesystem::exists(path("out.safetensors").string() + ".tmp." + std::to_string(::getpid())));
    auto file = SafetensorsFile::open(path("out.safetensors"));
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().toString().c_str());
    QCOMPARE(file->metadata().at("format"), std::string("pt"));
    QCOMPARE(file->entries().size(), size_t { 3 });
    auto read = readSafetensors(path("out.safetensors"));
    QVERIFY(read.ok());
    QCOMPARE(read->at("b").shape, tensors["b"].shape);
    QCOMPARE(read->at("b").data, tensors["b"].data);
    QCOMPARE(read->at("a").data, tensors["a"].data);
    QCOMPARE(read->at("empty").numel(), int64_t { 0 });
    QVERIFY(!writeSafetensors(path("bad.safetensors"), { { "x", FloatTensor({ 3 }, { 1.0f }) } }).ok());
}

void TestSafetensors::halfPrecisionConversions()
{
    // F16: 1.0 = 0x3c00, -2.0 = 0xc000, smallest subnormal 0x0001 = 2^-24; BF16: 1.0 = 0x3f80, -3.0 = 0xc040.
    const std::string f16("\x00\x3c\x00\xc0\x01\x00", 6);
    const std::string bf16("\x80\x3f\x40\xc0", 4);
    double value = 0.25;
    std::string f64(sizeof(double), '\0');
    std::memcpy(f64.data(), &value, sizeof(double));
    const std::string header = R"({"__metadata__":{"format":"pt"},)"
                               R"("h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
                               R"("b":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]},)"
                               R"("d":{"dtype":"F64","shape":[1],"data_offsets":[10,18]}})";
    writeRaw(path("mixed.safetensors"), fileWith(header, f16 + bf16 + f64));
    auto read = readSafetensors(path("mixed.safetensors"));
    QVERIFY2(read.ok(), read.ok() ? "" : read.error().toString().c_str());
    QCOMPARE(read->at("h").data, (std::vector<float> { 1.0f, -2.0f, std::ldexp(1.0f, -24) }));
    QCOMPARE(read->at("b").data, (std::vector<float> { 1.0f, -3.0f }));
    QCOMPARE(read->at("d").data, (std::vector<float> { 0.25f }));
}

void TestSafetensors::rejectsCorruptFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    const std::string good = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::string data = floatBytes({ 1.0f, 2.0f });
    const auto row = [](const char* name, const std::string& bytes, ErrorCode code) {
        QTest::newRow(name) << QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())) << static_cast<int>(code);
    };
    row("empty file", "", ErrorCode::Truncated);
    row("short length prefix", "\x10\x00\x00", ErrorCode::Truncated);
    row("header length beyond file", lengthPrefix(4096) + good, ErrorCode::Truncated);
    row("header length huge", lengthPrefix(~0ull) + good, ErrorCode::TooLarge);
    row("truncated data", fileWith(good, data.substr(0, 5)), ErrorCode::InvalidFormat);
    row("offsets outside file", fileWith(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", data),
        ErrorCode::InvalidFormat);
    row("offsets reversed", fileWith(R"({"x":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", data),
        ErrorCode::InvalidFormat);
    row("size mismatch", fileWith(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data),
        ErrorCode::InvalidFormat);
    row("overflowing shape",
        fileWith(R"({"x":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})", data),
        ErrorCode::InvalidFormat);
    row("negative shape", fileWith(R"({"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data),
        ErrorCode::InvalidFormat);
    row("unknown dtype", fileWith(R"({"x":{"dtype":"F8_E9","shape":[2],"data_offsets":[0,8]}})", data),
        ErrorCode::UnsupportedFormat);
    row("not json", fileWith("{not json", data), ErrorCode::InvalidFormat);
    row("not an object", fileWith("[1,2]", data), ErrorCode::InvalidFormat);
    row("entry lacks offsets", fileWith(R"({"x":{"dtype":"F32","shape":[2]}})", data), ErrorCode::InvalidFormat);
}

void TestSafetensors::rejectsCorruptFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    writeRaw(path("corrupt.safetensors"), std::string(bytes.constData(), static_cast<size_t>(bytes.size())));
    auto file = SafetensorsFile::open(path("corrupt.safetensors"));
    QVERIFY(!file.ok());
    QCOMPARE(static_cast<int>(file.error().code), code);
    QVERIFY(!file.error().message.empty());
}

void TestSafetensors::rejectsIntegerDtypeAsFloat()
{
    writeRaw(path("int.safetensors"),
        fileWith(R"({"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", std::string(8, '\0')));
    auto file = SafetensorsFile::open(path("int.safetensors"));
    QVERIFY(file.ok());
    auto tensor = file->readFloat("i");
    QVERIFY(!tensor.ok());
    QCOMPARE(tensor.error().code, ErrorCode::UnsupportedFormat);
    QCOMPARE(file->readFloat("absent").error().code, ErrorCode::NotFound);
}

void TestSafetensors::missingFileIsNotFound()
{
    QCOMPARE(SafetensorsFile::open(path("nope.safetensors")).error().code, ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
