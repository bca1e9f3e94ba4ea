#include "dicom_text_conversion.h"

#include <iconv.h>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include <dcmtk/dcmdata/dcchrstr.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcspchrs.h>
#include <dcmtk/dcmdata/dcstack.h>

namespace dinolens::core::dicom {
namespace {

std::vector<std::string> values(const OFString& charset)
{
    std::vector<std::string> out(1);
    for (const char c : std::string(charset.c_str())) {
        if (c == '\\') {
            out.emplace_back();
        } else if (c != ' ') {
            out.back() += c;
        }
    }
    return out;
}

// Every value is the default repertoire or a Japanese ISO 2022 set that ISO-2022-JP-2 covers.
bool isJapaneseIso2022(const OFString& charset)
{
    bool japanese = false;
    for (const auto& v : values(charset)) {
        if (v == "ISO2022IR87" || v == "ISO2022IR159") {
            japanese = true;
        } else if (!v.empty() && v != "ISO2022IR6") {
            return false;
        }
    }
    return japanese;
}

std::optional<std::string> iconvToUtf8(const std::string& text, const char* from)
{
    iconv_t cd = ::iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return std::nullopt;
    }
    std::string out(text.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(text.data());
    std::size_t inLeft = text.size();
    char* next = out.data();
    std::size_t outLeft = out.size();
    const bool ok = ::iconv(cd, &in, &inLeft, &next, &outLeft) != static_cast<std::size_t>(-1)
        && ::iconv(cd, nullptr, nullptr, &next, &outLeft) != static_cast<std::size_t>(-1);
    ::iconv_close(cd);
    if (!ok || inLeft != 0) {
        return std::nullopt;
    }
    out.resize(out.size() - outLeft);
    return out;
}

} // namespace

void convertTextToUtf8(DcmDataset& dataset)
{
    OFString charset;
    dataset.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset);
    if (charset.empty() || charset == "ISO_IR 192" || charset == "ISO_IR 6") {
        return;
    }
    if (dataset.convertToUTF8().good()) {
        return;
    }
    DcmSpecificCharacterSet converter;
    const bool dcmtkCan = converter.selectCharacterSet(charset, "ISO_IR 192").good();
    const bool japanese = isJapaneseIso2022(charset);
    DcmStack stack;
    while (dataset.nextObject(stack, OFTrue).good()) {
        auto* text = dynamic_cast<DcmCharString*>(stack.top());
        if (text == nullptr || (dcmtkCan && text->convertCharacterSet(converter).good())) {
            continue;
        }
        OFString raw;
        if (japanese && text->getOFStringArray(raw).good()) {
            if (const auto utf8 = iconvToUtf8(std::string(raw.c_str(), raw.length()), "ISO-2022-JP-2")) {
                text->putString(utf8->c_str(), static_cast<Uint32>(utf8->size()));
            }
        }
    }
    dataset.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
}

} // namespace dinolens::core::dicom
