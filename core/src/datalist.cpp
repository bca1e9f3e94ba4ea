#include "dinolens/core/datalist.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace dinolens::core {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// Tumour class of a label name, or -1 when DinoLens has no class of that name.
int classOfLabelName(const std::string& name)
{
    const std::string key = lower(name);
    if (key == "background" || key == "0") {
        return 0;
    }
    if (key == "glioma" || key == "tumor" || key == "tumour" || key == "glioblastoma") {
        return 1;
    }
    if (key == "meningioma") {
        return 2;
    }
    if (key == "pituitary" || key == "pituitary tumor" || key == "pituitary tumour") {
        return 3;
    }
    return -1;
}

std::string listName(const std::string& split)
{
    if (split == "train") {
        return "training";
    }
    if (split == "valid" || split == "val") {
        return "validation";
    }
    return split;
}

Result<std::filesystem::path> entryPath(const nlohmann::json& entry, const char* key, const std::filesystem::path& base,
    const std::string& name, bool required)
{
    if (!entry.contains(key)) {
        if (!required) {
            return std::filesystem::path();
        }
        return makeError(ErrorCode::InvalidFormat, std::string("the entry has no \"") + key + "\"", name);
    }
    if (!entry[key].is_string() || entry[key].get<std::string>().empty()) {
        return makeError(ErrorCode::InvalidFormat, std::string("\"") + key + "\" must be a path", name);
    }
    std::filesystem::path path(entry[key].get<std::string>());
    if (path.is_relative()) {
        path = base / path;
    }
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return makeError(
            ErrorCode::NotFound, std::string("the ") + key + " " + path.string() + " does not exist", name);
    }
    return path.lexically_normal();
}

} // namespace

bool isDatalistFile(const std::filesystem::path& path)
{
    std::error_code ec;
    return lower(path.extension().string()) == ".json" && std::filesystem::is_regular_file(path, ec);
}

Result<Datalist> readDatalist(const std::filesystem::path& file, const std::string& split)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        return makeError(ErrorCode::NotFound, "cannot open the datalist", file.string());
    }
    const std::string text((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return makeError(
            ErrorCode::InvalidFormat, "not a datalist (a JSON object with lists of entries)", file.string());
    }
    Datalist datalist;
    datalist.file = file;
    datalist.list = listName(split);
    datalist.classOfLabelValue.fill(0);
    datalist.classOfLabelValue[1] = 1; // a binary mask without names is a tumour (glioma class)
    if (json.contains("labels")) {
        if (!json["labels"].is_object()) {
            return makeError(ErrorCode::InvalidFormat, "\"labels\" must map label values to names", file.string());
        }
        datalist.classOfLabelValue.fill(0);
        for (const auto& [value, name] : json["labels"].items()) {
            int number = -1;
            try {
                number = std::stoi(value);
            } catch (const std::exception&) {
            }
            if (number < 0 || number > 255 || !name.is_string()) {
                return makeError(ErrorCode::InvalidFormat,
                    "\"labels\" entry \"" + value + "\" must map a value 0-255 to a name", file.string());
            }
            const int classId = classOfLabelName(name.get<std::string>());
            if (classId < 0) {
                return makeError(ErrorCode::InvalidFormat,
                    "label " + value + " \"" + name.get<std::string>()
                        + "\" is not a class DinoLens knows (background, glioma, meningioma, pituitary)",
                    file.string());
            }
            datalist.classOfLabelValue[static_cast<std::size_t>(number)] = classId;
        }
    }
    if (!json.contains(datalist.list) || !json[datalist.list].is_array()) {
        return makeError(ErrorCode::NotFound, "the datalist has no \"" + datalist.list + "\" list", file.string());
    }
    const std::filesystem::path base = file.parent_path();
    const nlohmann::json& list = json[datalist.list];
    for (std::size_t index = 0; index < list.size(); ++index) {
        const std::string name = file.filename().string() + " " + datalist.list + "[" + std::to_string(index) + "]";
        const nlohmann::json& entry = list[index];
        if (!entry.is_object()) {
            return makeError(ErrorCode::InvalidFormat, "an entry must be an object with \"image\" and \"label\"", name);
        }
        auto image = entryPath(entry, "image", base, name, true);
        if (!image) {
            return image.error();
        }
        auto label = entryPath(entry, "label", base, name, false);
        if (!label) {
            return label.error();
        }
        datalist.entries.push_back({ std::move(*image), std::move(*label), name });
    }
    if (datalist.entries.empty()) {
        return makeError(ErrorCode::InvalidFormat, "the \"" + datalist.list + "\" list is empty", file.string());
    }
    return datalist;
}

} // namespace dinolens::core
