#pragma once
// A real (small) trained run for the viewer's model tests, made with the real command-line tool
// (DINOLENS_CLI, set by CTest): a random backbone (DINOv3 random-small, or a tiny DINOv2 architecture), a few images
// of the tumour dataset, 2 epochs.

#include <QDir>
#include <QProcess>
#include <QtTest/QtTest>

#include "test_data.h"

namespace dinolens::test {

/// Writes a tiny DINOv2 architecture (patch 14, 2 layers of width 64) to `path`, usable as --base-model; the
/// other side of a comparison with the DINOv3 random-small backbone.
inline QString writeTinyDinov2Architecture(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return QString();
    }
    file.write(R"({"model_type": "dinov2", "architectures": ["Dinov2Model"], "hidden_size": 64,
        "num_hidden_layers": 2, "num_attention_heads": 2, "mlp_ratio": 2.0, "patch_size": 14, "image_size": 112,
        "num_channels": 3, "layer_norm_eps": 1e-06, "qkv_bias": true, "hidden_act": "gelu"})");
    return path;
}

/// Trains into `runDir` from `baseModel` (random-small: DINOv3); "" on success, else what went wrong.
inline QString trainTinyRun(
    const QString& runDir, int epochs = 2, const QString& baseModel = QStringLiteral("random-small"))
{
    const QString cli = qEnvironmentVariable("DINOLENS_CLI");
    if (cli.isEmpty()) {
        return QStringLiteral("DINOLENS_CLI is not set (run through CTest)");
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(cli,
        { QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(dataPath("brain-tumor").string()),
            QStringLiteral("--base-model"), baseModel, QStringLiteral("--epochs"), QString::number(epochs),
            QStringLiteral("--batch-size"), QStringLiteral("4"), QStringLiteral("--max-images"), QStringLiteral("8"),
            QStringLiteral("--valid-max-images"), QStringLiteral("4"), QStringLiteral("--resolution"),
            QStringLiteral("112"), QStringLiteral("--lr"), QStringLiteral("0.01"), QStringLiteral("--threads"),
            QStringLiteral("1"), QStringLiteral("--out"), runDir });
    if (!process.waitForFinished(300000) || process.exitCode() != 0) {
        return QStringLiteral("training failed: ") + QString::fromLocal8Bit(process.readAll());
    }
    return QDir(runDir).exists(QStringLiteral("config.json")) ? QString() : QStringLiteral("no config.json");
}

} // namespace dinolens::test
