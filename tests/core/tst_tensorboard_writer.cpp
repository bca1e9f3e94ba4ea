// TensorBoard event files read back by an independent decoder (tensorboard_event_reader.h): framing, CRCs,
// TensorFlow's field numbers, and a full disk (a file size limit) leaving the file readable.
#include <QtTest/QtTest>

#include <sys/resource.h>

#include <cmath>
#include <csignal>
#include <ctime>
#include <fstream>

#include "dinolens/core/tensorboard_writer.h"
#include "tensorboard_event_reader.h"

using namespace dinolens;
using namespace dinolens::core;

namespace {

std::filesystem::path onlyEventFile(const std::filesystem::path& folder)
{
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        files.push_back(entry.path());
    }
    return files.size() == 1 ? files.front() : std::filesystem::path();
}

TensorBoardImage fakeImage(size_t bytes)
{
    return TensorBoardImage { "predictions/case", 64, 32, 3, std::string(bytes, '\x89') };
}

} // namespace

class TestTensorBoardWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void referenceCrcMatchesTheStandardCheckValue() { QCOMPARE(test::referenceCrc32c("123456789"), 0xE3069283u); }

    void scalarsAndImagesReadBack()
    {
        QTemporaryDir folder;
        const std::filesystem::path logDir = std::filesystem::path(folder.path().toStdString()) / "tb";
        {
            auto writer = TensorBoardWriter::create(logDir);
            QVERIFY2(writer.ok(), writer.ok() ? "" : writer.error().toString().c_str());
            QVERIFY(writer->path().filename().string().rfind("events.out.tfevents.", 0) == 0);
            writer->addScalars({ { "epoch/loss", 0.75 }, { "epoch/learning_rate", 1e-3 } }, 1);
            writer->addScalars({ { "epoch/loss", 0.5 } }, 2);
            writer->addImage(fakeImage(300), 2);
            QVERIFY(writer->flush().ok());
            QCOMPARE(writer->pendingBytes(), size_t { 0 });
        }
        const auto events = test::readEventFile(onlyEventFile(logDir));
        QCOMPARE(events.size(), size_t { 4 });
        QCOMPARE(events[0].fileVersion, std::string("brain.Event:2"));
        const double now = static_cast<double>(std::time(nullptr));
        QVERIFY(std::abs(events[1].wallTime - now) < 60.0);
        const auto loss = test::scalarSeries(events, "epoch/loss");
        QCOMPARE(loss.size(), size_t { 2 });
        QCOMPARE(loss[0].first, int64_t { 1 });
        QCOMPARE(loss[0].second, 0.75f);
        QCOMPARE(loss[1].first, int64_t { 2 });
        QCOMPARE(loss[1].second, 0.5f);
        QCOMPARE(test::scalarSeries(events, "epoch/learning_rate").front().second, 1e-3f);
        const test::DecodedValue& image = events[3].values.at(0);
        QCOMPARE(image.tag, std::string("predictions/case"));
        QVERIFY(image.image.has_value());
        QCOMPARE(image.image->width, int64_t { 64 });
        QCOMPARE(image.image->height, int64_t { 32 });
        QCOMPARE(image.image->colorspace, int64_t { 3 });
        QCOMPARE(image.image->encoded, std::string(300, '\x89'));
    }

    void twoWritersInOneSecondGetTwoFiles()
    {
        QTemporaryDir folder;
        const std::filesystem::path logDir = folder.path().toStdString();
        auto first = TensorBoardWriter::create(logDir);
        auto second = TensorBoardWriter::create(logDir);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(first->path() != second->path());
    }

    void unwritableFolderIsAnError()
    {
        QTemporaryDir folder;
        const std::filesystem::path file = std::filesystem::path(folder.path().toStdString()) / "plain-file";
        std::ofstream(file) << "x";
        auto writer = TensorBoardWriter::create(file / "tb");
        QVERIFY(!writer.ok());
        QCOMPARE(writer.error().code, ErrorCode::Unwritable);
    }

    // A file size limit fails writes as a full disk does (EFBIG instead of ENOSPC), without needing one.
    void fullDiskLeavesAReadableFileAndKeepsTheEvents()
    {
        QTemporaryDir folder;
        const std::filesystem::path logDir = folder.path().toStdString();
        auto writer = TensorBoardWriter::create(logDir);
        QVERIFY(writer.ok());
        writer->addScalars({ { "epoch/loss", 1.0 } }, 1);
        QVERIFY(writer->flush().ok());
        const auto goodSize = std::filesystem::file_size(writer->path());

        rlimit original {};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &original) == 0);
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = original;
        limited.rlim_cur = static_cast<rlim_t>(goodSize + 100);
        QVERIFY(setrlimit(RLIMIT_FSIZE, &limited) == 0);
        writer->addImage(fakeImage(4000), 2);
        const Status failed = writer->flush();
        QVERIFY(setrlimit(RLIMIT_FSIZE, &original) == 0);
        std::signal(SIGXFSZ, previousHandler);

        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, ErrorCode::Unwritable);
        QCOMPARE(std::filesystem::file_size(writer->path()), goodSize);
        QCOMPARE(test::readEventFile(writer->path()).size(), size_t { 2 });
        QVERIFY(writer->pendingBytes() > 4000);

        writer->addScalars({ { "epoch/loss", 0.5 } }, 2);
        QVERIFY(writer->flush().ok());
        const auto events = test::readEventFile(writer->path());
        QCOMPARE(events.size(), size_t { 4 });
        QCOMPARE(events[2].values.at(0).image->encoded.size(), size_t { 4000 });
        QCOMPARE(test::scalarSeries(events, "epoch/loss").size(), size_t { 2 });
    }
};

QTEST_GUILESS_MAIN(TestTensorBoardWriter)
#include "tst_tensorboard_writer.moc"
