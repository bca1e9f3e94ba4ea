// NIfTI label-mask writer: what it writes reads back (voxels, spacing, LPS geometry), compressed or not, and a
// refused or failed write leaves no file behind.
#include <QtTest/QtTest>

#include <QTemporaryDir>

#include "dinolens/core/nifti_reader.h"
#include "dinolens/core/nifti_writer.h"

using namespace dinolens::core;

class TestNiftiWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("nii") << "mask.nii";
        QTest::newRow("nii.gz") << "mask.nii.gz";
    }

    void roundTrip()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        LabelMask mask = LabelMask::zeros(7, 5, 3);
        mask.spacing = { 0.5, 0.75, 2.0 };
        for (size_t i = 0; i < mask.labels.size(); ++i) {
            mask.labels[i] = static_cast<uint8_t>(i % 4);
        }
        // An oblique direction: columns along L+P, rows along P-L, slices along S (orthonormal).
        const double h = std::sqrt(0.5);
        const MaskGeometry geometry { { 10.0, -20.0, 30.0 }, { h, -h, 0, h, h, 0, 0, 0, 1 } };
        const auto path = std::filesystem::path(dir.path().toStdString()) / name.toStdString();
        QVERIFY(writeNiftiLabelMask(path, mask, geometry).ok());
        auto volume = loadNifti(path);
        QVERIFY2(volume.ok(), volume.ok() ? "" : volume.error().toString().c_str());
        QCOMPARE(volume->dims, mask.dims);
        for (size_t a = 0; a < 3; ++a) {
            QVERIFY(std::abs(volume->spacing[a] - mask.spacing[a]) < 1e-5);
            QVERIFY(std::abs(volume->origin[a] - geometry.origin[a]) < 1e-4);
        }
        for (size_t a = 0; a < 9; ++a) {
            QVERIFY2(std::abs(volume->direction[a] - geometry.direction[a]) < 1e-5, qPrintable(QString::number(a)));
        }
        for (size_t i = 0; i < mask.labels.size(); ++i) {
            QCOMPARE(volume->value(i), static_cast<double>(mask.labels[i]));
        }
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1); // no temporary left
    }

    void refusesBadInput()
    {
        QTemporaryDir dir;
        const auto folder = std::filesystem::path(dir.path().toStdString());
        const LabelMask mask = LabelMask::zeros(4, 4, 1);
        QCOMPARE(writeNiftiLabelMask(folder / "mask.png", mask).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(writeNiftiLabelMask(folder / "mask.nii", LabelMask {}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(writeNiftiLabelMask(folder / "missing" / "mask.nii", mask).error().code, ErrorCode::Unwritable);
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNiftiWriter)
#include "tst_nifti_writer.moc"
