#pragma once
// The DICOM JSON model (PS3.18 F.2) of QIDO-RS answers, read into PacsMatch values; every lookup tolerates missing
// and mistyped elements, since a garbage answer must give an error or empty fields, never a crash.

#include <string>

#include <nlohmann/json.hpp>

#include "dinolens/core/result.h"
#include "dinolens/pacs/pacs_query.h"

namespace dinolens::pacs::detail {

/// The element's values as text, several joined with '\'; a person name's Alphabetic group. Empty when absent.
std::string dicomJsonText(const nlohmann::json& dataset, const char* tag);

/// One QIDO match. Errors: InvalidFormat (not an object, or no Study Instance UID).
core::Result<PacsMatch> matchFromDicomJson(const nlohmann::json& dataset, QueryLevel level);

} // namespace dinolens::pacs::detail
