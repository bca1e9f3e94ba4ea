#pragma once
// Private: the server's JSON answers -> the client's plain structs. Thread-safety: pure functions.

#include <string>

#include "dinolens/client/client.h"

namespace dinolens::client::detail {

std::string base64Decode(const std::string& text);
/// The message of a JSON error body, else the body itself (shortened).
std::string errorMessage(const std::string& body);
core::Result<SegmentResult> parseSegmentResult(const std::string& body);
core::Result<SeriesResult> parseSeriesResult(const std::string& body);
core::Result<std::vector<ModelInfo>> parseModels(const std::string& body);

} // namespace dinolens::client::detail
