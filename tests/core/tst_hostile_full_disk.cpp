// Writes on a full file system (a 2 MiB tmpfs the test mounts and removes): every writer reports the error, the
// file it was replacing stays byte-identical, and no temporary is left behind; with space again, writes succeed.
#include <sys/mount.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include "dinolens/core/atomic_file.h"
#include "dinolens/core/nifti_writer.h"

using namespace dinolens::core;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>() };
}

// Fills the file system with one file until write(2) reports ENOSPC.
void fill(const fs::path& path)
{
    std::ofstream out(path, std::ios::binary);
    const std::string block(4096, 'x');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) { }
    out.close();
    std::ofstream tail(path, std::ios::binary | std::ios::app);
    while (tail.put('x') && tail.flush()) { }
}

LabelMask noisyMask(int side)
{
    LabelMask mask = LabelMask::zeros(side, side, 8);
    std::mt19937 random(7);
    for (auto& label : mask.labels) {
        label = static_cast<std::uint8_t>(random() % 4); // compresses badly, so .nii.gz needs room too
    }
    return mask;
}

bool noTemporaries(const fs::path& folder)
{
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (entry.path().filename().string().rfind(".partial-", 0) == 0) {
            return false;
        }
    }
    return true;
}

} // namespace

class TestHostileFullDisk : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    fs::path m_mount;

private Q_SLOTS:
    void initTestCase()
    {
        m_mount = m_dir.path().toStdString();
        if (::mount("tmpfs", m_mount.c_str(), "tmpfs", 0, "size=2m") != 0) {
            QSKIP(qPrintable(QStringLiteral("cannot mount a small tmpfs to fill (%1); run as root with "
                                            "CAP_SYS_ADMIN to test writes on a full disk")
                                 .arg(QString::fromLocal8Bit(std::strerror(errno)))));
        }
    }
    void cleanupTestCase()
    {
        if (!m_mount.empty()) {
            ::umount2(m_mount.c_str(), MNT_DETACH);
        }
    }

    void fullDiskKeepsTheOldFile_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("text (JSON, CSV, sessions)") << "report.json";
        QTest::newRow("NIfTI") << "mask.nii";
        QTest::newRow("NIfTI compressed") << "mask.nii.gz";
    }
    void fullDiskKeepsTheOldFile()
    {
        QFETCH(QString, name);
        const fs::path target = m_mount / name.toStdString();
        const LabelMask small = noisyMask(8);
        const LabelMask large = noisyMask(256); // 512 KiB of voxels
        const auto write = [&](const LabelMask& mask) -> Status {
            if (name.endsWith(".json")) {
                return writeFileAtomically(target, std::string(mask.labels.begin(), mask.labels.end()));
            }
            return writeNiftiLabelMask(target, mask);
        };
        QVERIFY(write(small).ok());
        const std::string before = readAll(target);
        QVERIFY(!before.empty());

        const fs::path filler = m_mount / "filler";
        fill(filler);
        const Status failed = write(large);
        QVERIFY2(!failed.ok(), "a write to a full disk must fail");
        QCOMPARE(failed.error().code, ErrorCode::Unwritable);
        QVERIFY2(failed.error().context == target.string(), failed.error().toString().c_str());
        QCOMPARE(readAll(target), before);
        QVERIFY(noTemporaries(m_mount));

        fs::remove(filler);
        QVERIFY(write(large).ok());
        QVERIFY(readAll(target) != before);
        QVERIFY(noTemporaries(m_mount));
        fs::remove(target);
    }

    void missingFolderIsReported()
    {
        const Status status = writeFileAtomically(m_mount / "no-such-folder" / "a.json", "{}");
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code, ErrorCode::Unwritable);
    }
};

QTEST_GUILESS_MAIN(TestHostileFullDisk)
#include "tst_hostile_full_disk.moc"
