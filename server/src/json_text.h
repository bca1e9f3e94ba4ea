#pragma once
// Private: the one place the server turns JSON into text. Request bytes reach answers (a model name, a
// Content-Type, a file name, DICOM text), and nlohmann::json throws on invalid UTF-8 when it writes them; here
// invalid sequences become U+FFFD instead. Thread-safety: reentrant.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dinolens::server {

/// Compact JSON text of `value`; invalid UTF-8 in strings is replaced by U+FFFD, never thrown on.
std::string jsonText(const nlohmann::json& value);

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool isValidUtf8(std::string_view text);

} // namespace dinolens::server
