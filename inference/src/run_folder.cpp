#include "run_folder.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "content_hash.h"
#include "dinolens/core/atomic_file.h"
#include "dinolens/core/json_text.h"
#include "dinolens/inference/safetensors.h"

namespace dinolens::inference::detail {

using core::ErrorCode;
using core::makeError;

namespace {

nlohmann::json number(double value)
{
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json numbers(const std::array<double, 4>& values)
{
    nlohmann::json array = nlohmann::json::array();
    for (double value : values) {
        array.push_back(number(value));
    }
    return array;
}

nlohmann::json epochToJson(const TrainingEpochMetrics& m)
{
    return { { "epoch", m.epoch + 1 }, { "loss", number(m.loss) }, { "cross_entropy", number(m.crossEntropy) },
        { "dice_loss", number(m.diceLoss) }, { "learning_rate", m.learningRate },
        { "train_dice", numbers(m.trainDice) }, { "seconds", m.seconds }, { "valid_images", m.validImages },
        { "valid_loss", number(m.validLoss) }, { "valid_cross_entropy", number(m.validCrossEntropy) },
        { "valid_dice_loss", number(m.validDiceLoss) }, { "valid_dice", numbers(m.validDice) },
        { "valid_image_dice", number(m.validImageDice) }, { "valid_seconds", m.validSeconds } };
}

// A missing key (a run written before validation existed) or null keeps `fallback`.
double optionalNumber(const nlohmann::json& json, const char* key, double fallback)
{
    const auto found = json.find(key);
    return found == json.end() ? fallback : found->is_null() ? std::nan("") : found->get<double>();
}

void validationFromJson(const nlohmann::json& entry, TrainingEpochMetrics& m)
{
    m.validImages = entry.value("valid_images", 0);
    m.validLoss = optionalNumber(entry, "valid_loss", m.validLoss);
    m.validCrossEntropy = optionalNumber(entry, "valid_cross_entropy", m.validCrossEntropy);
    m.validDiceLoss = optionalNumber(entry, "valid_dice_loss", m.validDiceLoss);
    m.validImageDice = optionalNumber(entry, "valid_image_dice", m.validImageDice);
    m.validSeconds = optionalNumber(entry, "valid_seconds", m.validSeconds);
    if (entry.contains("valid_dice")) {
        for (size_t c = 0; c < m.validDice.size(); ++c) {
            const nlohmann::json& dice = entry.at("valid_dice").at(c);
            m.validDice[c] = dice.is_null() ? std::nan("") : dice.get<double>();
        }
    }
}

void writeCsvRow(std::ostream& csv, const TrainingEpochMetrics& m)
{
    csv << m.epoch + 1 << ',' << m.loss << ',' << m.crossEntropy << ',' << m.diceLoss << ',' << m.learningRate;
    for (double dice : m.trainDice) {
        csv << ',' << dice;
    }
    csv << ',' << m.seconds << ',' << m.validImages << ',' << m.validLoss << ',' << m.validCrossEntropy << ','
        << m.validDiceLoss;
    for (double dice : m.validDice) {
        csv << ',' << dice;
    }
    csv << ',' << m.validImageDice << ',' << m.validSeconds << '\n';
}

} // namespace

core::Status prepareRunFolder(const std::filesystem::path& runDir)
{
    std::error_code error;
    std::filesystem::create_directories(runDir, error);
    const std::filesystem::path probe = runDir / ".write-probe";
    std::ofstream stream(probe);
    if (error || !stream || !(stream << "probe") || !stream.flush()) {
        return makeError(ErrorCode::Unwritable,
            "cannot write into the run folder" + (error ? ": " + error.message() : std::string()), runDir.string());
    }
    stream.close();
    std::filesystem::remove(probe, error);
    return core::okStatus();
}

core::Status writeRunConfig(
    const std::filesystem::path& runDir, const TrainingConfig& config, const std::string& headJson)
{
    nlohmann::json json = nlohmann::json::parse(trainingConfigToJson(config));
    json["head"] = nlohmann::json::parse(headJson);
    return core::writeFileAtomically(runDir / kConfigFile, core::jsonText(json, 2) + "\n");
}

core::Status writeDataFingerprint(
    const std::filesystem::path& runDir, const TrainingDataReport& report, const TrainingDataReport* validation)
{
    nlohmann::json json = { { "fingerprint", hexHash(report.fingerprint) }, { "images", report.images },
        { "undecodable_images", report.undecodableImages }, { "missing_labels", report.missingLabels },
        { "invalid_labels", report.invalidLabels }, { "skipped_polygons", report.skippedPolygons },
        { "pixel_counts", report.pixelCounts }, { "class_weights", report.classWeights },
        { "messages", report.messages } };
    if (validation != nullptr) {
        json["validation"] = { { "fingerprint", hexHash(validation->fingerprint) }, { "images", validation->images },
            { "undecodable_images", validation->undecodableImages }, { "missing_labels", validation->missingLabels },
            { "invalid_labels", validation->invalidLabels }, { "pixel_counts", validation->pixelCounts } };
    }
    return core::writeFileAtomically(runDir / "data_fingerprint.json", core::jsonText(json, 2) + "\n");
}

std::string historyToJson(const std::vector<TrainingEpochMetrics>& history)
{
    nlohmann::json json = nlohmann::json::array();
    for (const TrainingEpochMetrics& m : history) {
        json.push_back(epochToJson(m));
    }
    return core::jsonText(json);
}

core::Result<std::vector<TrainingEpochMetrics>> historyFromJson(const std::string& text)
{
    try {
        std::vector<TrainingEpochMetrics> history;
        auto value = [](const nlohmann::json& json, const char* key) {
            return json.at(key).is_null() ? std::nan("") : json.at(key).get<double>();
        };
        for (const nlohmann::json& entry : nlohmann::json::parse(text)) {
            TrainingEpochMetrics& m = history.emplace_back();
            m.epoch = entry.at("epoch").get<int>() - 1;
            m.loss = value(entry, "loss");
            m.crossEntropy = value(entry, "cross_entropy");
            m.diceLoss = value(entry, "dice_loss");
            m.learningRate = entry.at("learning_rate").get<double>();
            m.seconds = entry.at("seconds").get<double>();
            for (size_t c = 0; c < m.trainDice.size(); ++c) {
                const nlohmann::json& dice = entry.at("train_dice").at(c);
                m.trainDice[c] = dice.is_null() ? std::nan("") : dice.get<double>();
            }
            validationFromJson(entry, m);
        }
        return history;
    } catch (const std::exception& error) {
        return makeError(ErrorCode::InvalidFormat, std::string("bad metrics history: ") + error.what());
    }
}

core::Status writeMetrics(const std::filesystem::path& runDir, const std::vector<TrainingEpochMetrics>& history)
{
    std::ostringstream csv;
    // Validation columns come last, so that readers of the older columns by position keep working.
    csv << "epoch,loss,cross_entropy,dice_loss,learning_rate,train_dice_background,train_dice_glioma,"
           "train_dice_meningioma,train_dice_pituitary,seconds,valid_images,valid_loss,valid_cross_entropy,"
           "valid_dice_loss,valid_dice_background,valid_dice_glioma,valid_dice_meningioma,valid_dice_pituitary,"
           "valid_image_dice,valid_seconds\n";
    csv.precision(8);
    for (const TrainingEpochMetrics& m : history) {
        writeCsvRow(csv, m);
    }
    if (auto status = core::writeFileAtomically(runDir / "metrics.csv", csv.str()); !status) {
        return status;
    }
    return core::writeFileAtomically(
        runDir / "metrics.json", core::jsonText(nlohmann::json::parse(historyToJson(history)), 2) + "\n");
}

core::Status writeCheckpoint(const std::filesystem::path& runDir, const CheckpointState& state)
{
    const std::map<std::string, std::string> metadata
        = { { "format", "dinolens-training-checkpoint" }, { "epochs_completed", std::to_string(state.epochsCompleted) },
              { "global_step", std::to_string(state.globalStep) },
              { "data_fingerprint", hexHash(state.dataFingerprint) }, { "history", historyToJson(state.history) } };
    return writeSafetensors(runDir / kCheckpointFile, state.tensors, metadata);
}

core::Result<CheckpointState> readCheckpoint(const std::filesystem::path& runDir)
{
    auto file = SafetensorsFile::open(runDir / kCheckpointFile);
    if (!file) {
        return file.error();
    }
    const auto& metadata = file->metadata();
    CheckpointState state;
    try {
        state.epochsCompleted = std::stoi(metadata.at("epochs_completed"));
        state.globalStep = std::stoll(metadata.at("global_step"));
        state.dataFingerprint = std::stoull(metadata.at("data_fingerprint"), nullptr, 16);
    } catch (const std::exception&) {
        return makeError(
            ErrorCode::InvalidFormat, "not a DinoLens training checkpoint", (runDir / kCheckpointFile).string());
    }
    auto history = historyFromJson(metadata.count("history") != 0 ? metadata.at("history") : "[]");
    if (!history) {
        return history.error();
    }
    state.history = std::move(*history);
    for (const SafetensorsEntry& entry : file->entries()) {
        auto tensor = file->readFloat(entry.name);
        if (!tensor) {
            return tensor.error();
        }
        state.tensors[entry.name] = std::move(*tensor);
    }
    return state;
}

} // namespace dinolens::inference::detail
