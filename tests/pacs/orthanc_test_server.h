#pragma once
// The Orthanc the `orthanc` CTest fixture started (orthanc_fixture.sh): its ports from the state file named by
// DINOLENS_ORTHANC_STATE, nodes for it, and its own REST API for checking what it holds.

#include <QFile>
#include <QString>
#include <QtTest/QtTest>

#include <map>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "dinolens/pacs/pacs_node.h"

namespace dinolens::test {

struct OrthancServer {
    std::map<std::string, std::string> values;
    int httpPort() const { return std::stoi(values.at("HTTP_PORT")); }
    int dicomPort() const { return std::stoi(values.at("DICOM_PORT")); }
    int movePort() const { return std::stoi(values.at("MOVE_PORT")); }
    int loadedInstances() const { return std::stoi(values.at("LOADED")); }

    std::string restUrl() const { return "http://127.0.0.1:" + std::to_string(httpPort()); }

    pacs::PacsNode dicomWeb() const { return pacs::dicomWebNode(restUrl() + "/dicom-web").value(); }

    pacs::PacsNode dimse() const
    {
        pacs::PacsNode node = pacs::dimseNode("ORTHANC@127.0.0.1:" + std::to_string(dicomPort()), "DINOLENS").value();
        node.dimse.moveReceivePort = movePort();
        return node;
    }

    /// GET or POST on Orthanc's REST API, the answer as JSON (null when it fails).
    nlohmann::json rest(const std::string& path, const std::string& postBody = {}) const
    {
        httplib::Client http(restUrl());
        const httplib::Result answer
            = postBody.empty() ? http.Get(path) : http.Post(path, postBody, "application/json");
        if (!answer || answer->status != 200) {
            return nullptr;
        }
        return nlohmann::json::parse(answer->body, nullptr, false);
    }

    /// The modalities of the series Orthanc holds in the study.
    std::vector<std::string> seriesModalities(const std::string& studyUid) const
    {
        std::vector<std::string> modalities;
        const nlohmann::json found = rest("/tools/lookup", studyUid);
        if (!found.is_array()) {
            return modalities;
        }
        for (const nlohmann::json& item : found) {
            if (item.value("Type", "") == "Study") {
                const nlohmann::json series = rest(item.value("Path", "") + "/series");
                for (const nlohmann::json& entry : series) {
                    modalities.push_back(entry["MainDicomTags"].value("Modality", ""));
                }
            }
        }
        return modalities;
    }
};

/// The fixture's Orthanc; `reason` says why there is none (then the caller skips).
inline bool readOrthancState(OrthancServer& server, QString& reason)
{
    const QString path = qEnvironmentVariable("DINOLENS_ORTHANC_STATE");
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly)) {
        reason = "no Orthanc: run this test through CTest, whose `orthanc` fixture starts one";
        return false;
    }
    for (const QByteArray& line : file.readAll().split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0) {
            server.values[line.left(equals).toStdString()] = line.mid(equals + 1).toStdString();
        }
    }
    if (server.values.count("UNAVAILABLE") != 0) {
        reason = QString::fromStdString("no Orthanc: " + server.values["UNAVAILABLE"]);
        return false;
    }
    return server.values.count("HTTP_PORT") != 0;
}

} // namespace dinolens::test

#define DINOLENS_REQUIRE_ORTHANC(server)                                                                               \
    do {                                                                                                               \
        QString reason;                                                                                                \
        if (!dinolens::test::readOrthancState(server, reason)) {                                                       \
            QSKIP(qPrintable(reason));                                                                                 \
        }                                                                                                              \
    } while (false)
