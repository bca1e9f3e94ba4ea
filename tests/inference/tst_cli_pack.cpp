// `dinolens-cli pack` as a user runs it: a packed dataset holds every split asked for that the datasets have, a run
// trained on it equals a run trained on the folders it came from (same weights, same data fingerprint), evaluate
// scores it, and bad or hostile packs are refused with the reason.
#include <QtTest/QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <fstream>

#include <nlohmann/json.hpp>

#include "dinolens/inference/safetensors.h"
#include "test_data.h"

using namespace dinolens::inference;
namespace fs = std::filesystem;

class TestCliPack : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void packsTheSplitsAskedFor();
    void trainingOnThePackEqualsTrainingOnTheFolders();
    void evaluatesThePack();
    void refusesBadPacks();

private:
    int run(const QStringList& arguments, QString* output = nullptr);
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString m_cli;
    QTemporaryDir m_dir;
};

namespace {

// A small YOLO dataset of real slices: tumour images from brain-tumor and slices without tumour from
// brain-no-tumor, linked into one folder per split.
void linkSamples(const fs::path& source, const fs::path& target, const std::string& split, int count)
{
    fs::create_directories(target / split / "images");
    fs::create_directories(target / split / "labels");
    std::vector<fs::path> images;
    for (const auto& entry : fs::directory_iterator(source / split / "images")) {
        images.push_back(entry.path());
    }
    std::sort(images.begin(), images.end());
    images.resize(std::min(images.size(), static_cast<size_t>(count)));
    for (const fs::path& image : images) {
        fs::create_symlink(image, target / split / "images" / image.filename());
        const fs::path label = source / split / "labels" / (image.stem().string() + ".txt");
        fs::create_symlink(label, target / split / "labels" / label.filename());
    }
}

} // namespace

void TestCliPack::initTestCase()
{
    DINOLENS_REQUIRE_CLI(m_cli);
    DINOLENS_REQUIRE_DATA("brain-tumor/train/images");
    DINOLENS_REQUIRE_DATA("brain-no-tumor/valid/images");
    QVERIFY(m_dir.isValid());
    const fs::path data = path("data").toStdString();
    for (const auto& [split, count] : { std::pair { "train", 5 }, std::pair { "valid", 3 } }) {
        linkSamples(dinolens::test::dataPath("brain-tumor"), data, split, count);
        linkSamples(dinolens::test::dataPath("brain-no-tumor"), data, split, count - 1);
    }
    QString output;
    QCOMPARE(run({ "pack", "--data", path("data"), "--split", "train", "--split", "valid", "--split", "test",
                     "--resolution", "112", "--out", path("pack.safetensors") },
                 &output),
        0);
    QVERIFY2(output.contains("test   not in these datasets"), qPrintable(output));
}

int TestCliPack::run(const QStringList& arguments, QString* output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(m_cli, arguments);
    if (!process.waitForFinished(300000)) {
        return -1;
    }
    if (output != nullptr) {
        *output = QString::fromUtf8(process.readAll());
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestCliPack::packsTheSplitsAskedFor()
{
    auto pack = SafetensorsFile::open(path("pack.safetensors").toStdString());
    QVERIFY2(pack.ok(), pack.ok() ? "" : pack.error().toString().c_str());
    QCOMPARE(pack->metadata().at("format"), std::string("dinolens-pack"));
    QCOMPARE(pack->metadata().at("resolution"), std::string("112"));
    const nlohmann::json splits = nlohmann::json::parse(pack->metadata().at("splits"));
    QCOMPARE(splits.size(), size_t { 2 }); // the datasets have no test split
    QCOMPARE(splits["train"]["stems"].size(), size_t { 9 });
    QCOMPARE(splits["valid"]["stems"].size(), size_t { 5 });
    const SafetensorsEntry* grey = pack->find("train/grey");
    const SafetensorsEntry* mask = pack->find("train/mask");
    QVERIFY(grey != nullptr && mask != nullptr);
    QCOMPARE(grey->dtype, SafetensorsDtype::F32);
    QCOMPARE(grey->shape, (std::vector<int64_t> { 9, 112, 112 }));
    QCOMPARE(mask->dtype, SafetensorsDtype::U8);
    // Tumour slices have tumour pixels, slices without tumour none.
    const std::string_view classes = pack->bytes(*mask);
    int withTumour = 0;
    for (int i = 0; i < 9; ++i) {
        const std::string_view slice = classes.substr(static_cast<size_t>(i) * 112 * 112, 112 * 112);
        withTumour += std::any_of(slice.begin(), slice.end(), [](char id) { return id != 0; }) ? 1 : 0;
    }
    QCOMPARE(withTumour, 5);
}

void TestCliPack::trainingOnThePackEqualsTrainingOnTheFolders()
{
    const QStringList common = { "train", "--base-model", "random-small", "--resolution", "112", "--epochs", "2",
        "--batch-size", "4", "--threads", "2", "--seed", "7" };
    QString output;
    QCOMPARE(run(common + QStringList { "--data", path("data"), "--out", path("from-folders") }, &output), 0);
    QCOMPARE(run(common + QStringList { "--data", path("pack.safetensors"), "--out", path("from-pack") }, &output), 0);
    auto folders = readSafetensors(path("from-folders/head.safetensors").toStdString());
    auto packed = readSafetensors(path("from-pack/head.safetensors").toStdString());
    QVERIFY(folders.ok() && packed.ok());
    QCOMPARE(folders->size(), packed->size());
    for (const auto& [name, tensor] : *folders) {
        QVERIFY2(packed->count(name) == 1, name.c_str());
        QVERIFY2(maxAbsDifference(tensor, packed->at(name)) == 0.0, name.c_str());
    }
    const auto fingerprint = [](const QString& run) {
        std::ifstream stream((run + "/data_fingerprint.json").toStdString());
        return nlohmann::json::parse(stream, nullptr, false);
    };
    const nlohmann::json a = fingerprint(path("from-folders"));
    QVERIFY(!a.is_discarded());
    QCOMPARE(a.dump(), fingerprint(path("from-pack")).dump());
}

void TestCliPack::evaluatesThePack()
{
    QString output;
    QCOMPARE(run({ "evaluate", "--run", path("from-pack"), "--data", path("pack.safetensors"), "--split", "valid",
                     "--out", path("evaluation") },
                 &output),
        0);
    QVERIFY2(output.contains("5 images (2 without tumour, 0 skipped)"), qPrintable(output));
    std::ifstream stream(path("evaluation/metrics.json").toStdString());
    const nlohmann::json metrics = nlohmann::json::parse(stream, nullptr, false);
    QCOMPARE(metrics["detection"]["n_positive"].get<int>(), 3);
    QCOMPARE(metrics["detection"]["n_negative"].get<int>(), 2);
    QCOMPARE(metrics["dice"]["n"].get<int>(), 3);
}

void TestCliPack::refusesBadPacks()
{
    const QStringList train = { "train", "--base-model", "random-small", "--epochs", "1", "--no-validation" };
    QString output;
    // Another resolution than the pack's.
    QCOMPARE(run(train + QStringList { "--resolution", "224", "--data", path("pack.safetensors"), "--out", path("r1") },
                 &output),
        1);
    QVERIFY2(output.contains("112") && output.contains("224"), qPrintable(output));
    // Another file in safetensors format (model weights): not a pack.
    DINOLENS_REQUIRE_DATA("golden/v2_mlp.weights.safetensors");
    const QString weights = QString::fromStdString(dinolens::test::dataPath("golden/v2_mlp.weights.safetensors"));
    QCOMPARE(run(train + QStringList { "--data", weights, "--out", path("r2") }, &output), 1);
    QVERIFY2(output.contains("not a packed dataset"), qPrintable(output));
    // Truncated.
    {
        std::ifstream in(path("pack.safetensors").toStdString(), std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(path("truncated.safetensors").toStdString(), std::ios::binary)
            << bytes.substr(0, bytes.size() / 2);
    }
    QCOMPARE(
        run(train + QStringList { "--resolution", "112", "--data", path("truncated.safetensors"), "--out", path("r3") },
            &output),
        1);
    QVERIFY2(output.toLower().contains("truncated") || output.contains("shorter"), qPrintable(output));
    // Crafted packs: more stems than samples, grey values outside [0, 1], class ids that do not exist.
    const auto crafted = [&](const QString& name, const std::string& stems, float greyValue, uint8_t classId) {
        const std::vector<float> grey(2 * 32 * 32, greyValue);
        const std::vector<uint8_t> mask(2 * 32 * 32, classId);
        const std::vector<int32_t> source(2, 0);
        const std::vector<int64_t> hashes(2, 0);
        const auto raw = [](SafetensorsDtype dtype, std::vector<int64_t> shape, const auto& values) {
            return SafetensorsRawTensor { dtype, std::move(shape),
                std::string_view(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(values[0])) };
        };
        const std::map<std::string, SafetensorsRawTensor> tensors {
            { "train/grey", raw(SafetensorsDtype::F32, { 2, 32, 32 }, grey) },
            { "train/mask", raw(SafetensorsDtype::U8, { 2, 32, 32 }, mask) },
            { "train/source", raw(SafetensorsDtype::I32, { 2 }, source) },
            { "train/image_hash", raw(SafetensorsDtype::I64, { 2 }, hashes) },
            { "train/label_hash", raw(SafetensorsDtype::I64, { 2 }, hashes) }
        };
        const std::map<std::string, std::string> metadata { { "format", "dinolens-pack" }, { "version", "1" },
            { "resolution", "32" }, { "splits", "{\"train\": {\"stems\": " + stems + "}}" } };
        if (!writeSafetensorsRaw(path(name).toStdString(), tensors, metadata).ok()) {
            return QStringLiteral("could not write the crafted pack");
        }
        QString refusal;
        const int code = run(
            train + QStringList { "--resolution", "32", "--data", path(name), "--out", path(name + ".run") }, &refusal);
        return code == 1 ? refusal : QStringLiteral("exit code %1 (expected 1): %2").arg(code).arg(refusal);
    };
    output = crafted("stems.safetensors", "[\"a\", \"b\", \"c\"]", 0.5f, 0);
    QVERIFY2(output.contains("another dtype or shape"), qPrintable(output));
    output = crafted("range.safetensors", "[\"a\", \"b\"]", 2.0f, 0);
    QVERIFY2(output.contains("outside [0, 1]"), qPrintable(output));
    output = crafted("classes.safetensors", "[\"a\", \"b\"]", 0.5f, 9);
    QVERIFY2(output.contains("class ids over 3"), qPrintable(output));
    // The pack command itself: the output must be a .safetensors file.
    QCOMPARE(run({ "pack", "--data", path("data"), "--out", path("pack.bin") }, &output), 2);
}

QTEST_GUILESS_MAIN(TestCliPack)
#include "tst_cli_pack.moc"
