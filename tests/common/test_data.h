#pragma once
// Locating the real data for tests. Tests that need it call DINOLENS_REQUIRE_DATA, which skips with a message
// naming the DINOLENS_DATA setting when the data is absent.

#include <QFileInfo>
#include <QString>
#include <QtTest/QtTest>

#include <filesystem>
#include <string>

#include "dinolens/core/data_location.h"

namespace dinolens::test {

inline std::filesystem::path dataPath(const std::string& relative)
{
    return dinolens::core::dataRoot() / relative;
}

} // namespace dinolens::test

#define DINOLENS_REQUIRE_DATA(relative)                                                                                \
    do {                                                                                                               \
        if (!std::filesystem::exists(dinolens::test::dataPath(relative))) {                                            \
            QSKIP(qPrintable(QStringLiteral("real data '%1' not found under %2; set DINOLENS_DATA to the data "        \
                                            "folder (default ../shared/data beside the source tree)")                  \
                                 .arg(QString::fromStdString(relative),                                                \
                                     QString::fromStdString(dinolens::core::dataRoot().string()))));                   \
        }                                                                                                              \
    } while (false)

// Sets `variable` (a QString) to the built dinolens-cli that CTest names in DINOLENS_CLI, or skips the test.
#define DINOLENS_REQUIRE_CLI(variable)                                                                                 \
    do {                                                                                                               \
        variable = qEnvironmentVariable("DINOLENS_CLI");                                                               \
        if (variable.isEmpty() || !QFileInfo::exists(variable)) {                                                      \
            QSKIP("DINOLENS_CLI does not name the built dinolens-cli (CTest sets it)");                                \
        }                                                                                                              \
    } while (false)
