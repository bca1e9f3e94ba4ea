#pragma once
// A real (small) trained run for the viewer's model tests, made with the real command-line tool
// (DINOLENS_CLI, set by CTest): random-small backbone, a few images of the tumour dataset, 2 epochs.

#include <QDir>
#include <QProcess>
#include <QtTest/QtTest>

#include "test_data.h"

namespace dinolens::test {

/// Trains into `runDir`; "" on success, else what went wrong.
inline QString trainTinyRun(const QString& runDir, int epochs = 2)
{
    const QString cli = qEnvironmentVariable("DINOLENS_CLI");
    if (cli.isEmpty()) {
        return QStringLiteral("DINOLENS_CLI is not set (run through CTest)");
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(cli,
        { QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(dataPath("brain-tumor").string()),
            QStringLiteral("--base-model"), QStringLiteral("random-small"), QStringLiteral("--epochs"),
            QString::number(epochs), QStringLiteral("--batch-size"), QStringLiteral("4"),
            QStringLiteral("--max-images"), QStringLiteral("8"), QStringLiteral("--valid-max-images"),
            QStringLiteral("4"), QStringLiteral("--resolution"), QStringLiteral("112"), QStringLiteral("--lr"),
            QStringLiteral("0.01"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"),
            runDir });
    if (!process.waitForFinished(300000) || process.exitCode() != 0) {
        return QStringLiteral("training failed: ") + QString::fromLocal8Bit(process.readAll());
    }
    return QDir(runDir).exists(QStringLiteral("config.json")) ? QString() : QStringLiteral("no config.json");
}

} // namespace dinolens::test
