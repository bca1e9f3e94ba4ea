#include "dinolens/inference/golden_check.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "dinolens/inference/safetensors.h"

namespace dinolens::inference {

using core::ErrorCode;
using core::makeError;

namespace {

constexpr double kIncomparable = std::numeric_limits<double>::infinity();

std::vector<TensorDifference> compareTensors(
    const std::map<std::string, FloatTensor>& first, const std::map<std::string, FloatTensor>& second)
{
    std::set<std::string> names;
    for (const auto* tensors : { &first, &second }) {
        for (const auto& entry : *tensors) {
            names.insert(entry.first);
        }
    }
    std::vector<TensorDifference> differences;
    for (const std::string& name : names) {
        TensorDifference& difference = differences.emplace_back();
        difference.name = name;
        const auto a = first.find(name);
        const auto b = second.find(name);
        if (a == first.end() || b == second.end()) {
            difference.maxAbsDifference = kIncomparable;
            difference.problem = a == first.end() ? "missing in the first" : "missing in the second";
        } else if (a->second.shape != b->second.shape) {
            difference.maxAbsDifference = kIncomparable;
            difference.problem = "shape " + a->second.shapeString() + " vs " + b->second.shapeString();
        } else {
            difference.maxAbsDifference = maxAbsDifference(a->second, b->second);
        }
    }
    return differences;
}

} // namespace

core::Result<std::vector<TensorDifference>> compareSafetensors(
    const std::filesystem::path& first, const std::filesystem::path& second)
{
    auto a = readSafetensors(first);
    if (!a) {
        return a.error();
    }
    auto b = readSafetensors(second);
    if (!b) {
        return b.error();
    }
    return compareTensors(*a, *b);
}

bool GoldenCaseResult::passed() const
{
    return !outputs.empty() && std::all_of(outputs.begin(), outputs.end(), [this](const TensorDifference& output) {
        return output.maxAbsDifference <= tolerance;
    });
}

core::Result<std::vector<GoldenCaseResult>> runGoldenCases(
    const std::filesystem::path& folder, const BackboneOptions& options)
{
    std::ifstream stream(folder / "manifest.json");
    if (!stream) {
        return makeError(ErrorCode::NotFound, "no manifest.json in the golden folder", folder.string());
    }
    const nlohmann::json manifest = nlohmann::json::parse(stream, nullptr, false);
    if (!manifest.is_object() || !manifest.contains("cases") || !manifest["cases"].is_object()) {
        return makeError(ErrorCode::InvalidFormat, "manifest.json lists no cases", folder.string());
    }
    std::vector<GoldenCaseResult> results;
    std::map<std::string, Backbone> models;
    try {
        for (const auto& [name, entry] : manifest["cases"].items()) {
            GoldenCaseResult& result = results.emplace_back();
            result.name = name;
            result.model = entry.at("model").get<std::string>();
            result.tolerance = entry.value("suggested_tolerance", nlohmann::json::object()).value("max_abs_diff", 1e-5);
            auto model = models.find(result.model);
            if (model == models.end()) {
                auto loaded = Backbone::load(ModelSource::fromFiles(folder / (result.model + ".config.json"),
                                                 folder / (result.model + ".weights.safetensors")),
                    options);
                if (!loaded) {
                    return loaded.error();
                }
                model = models.emplace(result.model, std::move(*loaded)).first;
            }
            auto input = SafetensorsFile::open(folder / entry.at("input").get<std::string>());
            auto pixels = input ? input->readFloat("pixel_values") : core::Result<FloatTensor>(input.error());
            if (!pixels) {
                return pixels.error();
            }
            ForwardOptions forward;
            forward.hiddenStateLayers = { 0, -1 };
            for (int layer = 1; layer < static_cast<int>(model->second.config().numLayers); ++layer) {
                forward.hiddenStateLayers.push_back(layer);
            }
            forward.includePositionTables = true;
            auto output = model->second.forward(*pixels, forward);
            if (!output) {
                return output.error();
            }
            auto expected = readSafetensors(folder / entry.at("output").get<std::string>());
            if (!expected) {
                return expected.error();
            }
            // The reference's tensors only: ours may hold more (the patch grid).
            std::map<std::string, FloatTensor> ours = namedOutputs(*output);
            std::erase_if(ours, [&](const auto& tensor) { return expected->count(tensor.first) == 0; });
            result.outputs = compareTensors(*expected, ours);
        }
    } catch (const nlohmann::json::exception& error) {
        return makeError(ErrorCode::InvalidFormat, std::string("manifest.json: ") + error.what(), folder.string());
    }
    return results;
}

} // namespace dinolens::inference
