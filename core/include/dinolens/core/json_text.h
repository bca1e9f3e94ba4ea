#pragma once
// The one way the project turns JSON into text: invalid UTF-8 in a string (a file name, a DICOM attribute that
// could not be converted) becomes U+FFFD instead of nlohmann::json throwing type_error 316 mid-write.
// Thread-safety: pure function.

#include <string>

#include <nlohmann/json.hpp>

namespace dinolens::core {

/// `value.dump(indent)` with invalid UTF-8 replaced; `indent` -1 gives the compact form. Works for nlohmann::json
/// and nlohmann::ordered_json alike.
template <typename Json> std::string jsonText(const Json& value, int indent = -1)
{
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

} // namespace dinolens::core
