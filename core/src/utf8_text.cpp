#include "dinolens/core/utf8_text.h"

namespace dinolens::core {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the well-formed sequence starting at text[i], or 0 (Unicode table 3-7, well-formed byte sequences).
std::size_t sequenceLength(std::string_view text, std::size_t i, std::size_t& validPrefix)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    validPrefix = 0;
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= text.size()) {
            return 0;
        }
        const unsigned char c = byte(i + k);
        const bool inRange = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
        if (!inRange) {
            return 0;
        }
        validPrefix = k;
    }
    return length;
}

} // namespace

std::string toValidUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t prefix = 0;
        const std::size_t length = sequenceLength(text, i, prefix);
        if (length > 0) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out.append(kReplacement); // one replacement per maximal subpart
            i += prefix + 1;
        }
    }
    return out;
}

} // namespace dinolens::core
