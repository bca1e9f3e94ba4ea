#pragma once
// Making text from files safe to show and to put into JSON: every invalid UTF-8 sequence becomes U+FFFD.
// Thread-safety: pure function.

#include <string>
#include <string_view>

namespace dinolens::core {

/// `text` with each ill-formed UTF-8 subsequence (Unicode 15, section 3.9, "maximal subpart" practice: overlong
/// forms, surrogates, values above U+10FFFF, truncated sequences, stray continuation bytes) replaced by U+FFFD.
/// Valid UTF-8 is returned unchanged.
std::string toValidUtf8(std::string_view text);

} // namespace dinolens::core
