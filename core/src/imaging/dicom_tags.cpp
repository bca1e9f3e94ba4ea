#include "dicom_tags.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcsequen.h>

#include "dinolens/core/checked_size.h"
#include "dinolens/core/utf8_text.h"

namespace dinolens::core::dicom {
namespace {

std::string formatNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.17g", value);
    return text;
}

} // namespace

std::string getString(DcmItem& item, const DcmTagKey& tag)
{
    OFString value;
    if (item.findAndGetOFStringArray(tag, value).good()) {
        std::string s(value.c_str(), value.length());
        while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) {
            s.pop_back();
        }
        return toValidUtf8(s);
    }
    return {};
}

std::optional<int> getInteger(DcmItem& item, const DcmTagKey& tag)
{
    const auto numbers = getNumbers(item, tag);
    if (numbers.empty()) {
        return std::nullopt;
    }
    return headerInt(numbers.front(), std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
}

Result<int> getBoundedInteger(
    DcmItem& item, const DcmTagKey& tag, int fallback, int minimum, int maximum, const std::string& path)
{
    if (!item.tagExistsWithValue(tag)) {
        return fallback;
    }
    const auto numbers = getNumbers(item, tag);
    DcmTag named(tag);
    const std::string where = path + " " + tag.toString().c_str() + " " + named.getTagName();
    if (numbers.empty()) {
        return makeError(ErrorCode::InvalidFormat, "the value is not a number", where);
    }
    const auto value = headerInt(numbers.front(), minimum, maximum);
    if (!value) {
        return makeError(ErrorCode::InvalidFormat,
            "value " + formatNumber(numbers.front()) + " is outside " + std::to_string(minimum) + " .. "
                + std::to_string(maximum),
            where);
    }
    return *value;
}

std::vector<double> getNumbers(DcmItem& item, const DcmTagKey& tag)
{
    std::vector<double> out;
    DcmElement* element = nullptr;
    if (item.findAndGetElement(tag, element).bad() || element == nullptr) {
        return out;
    }
    const unsigned long count = element->getVM();
    // IS and DS are text: parsed here, because DCMTK's integer getters wrap values beyond 32 bits.
    const bool isText = element->ident() == EVR_IS || element->ident() == EVR_DS;
    for (unsigned long i = 0; i < count; ++i) {
        if (isText) {
            OFString value;
            char* end = nullptr;
            const double v = element->getOFString(value, i).good() ? std::strtod(value.c_str(), &end) : 0.0;
            if (end == nullptr || end == value.c_str()) {
                return {};
            }
            out.push_back(v);
            continue;
        }
        Float64 f = 0;
        if (element->getFloat64(f, i).good()) {
            out.push_back(f);
            continue;
        }
        Uint16 u16 = 0;
        Sint32 s32 = 0;
        Uint32 u32 = 0;
        if (element->getUint16(u16, i).good()) {
            out.push_back(u16);
        } else if (element->getSint32(s32, i).good()) {
            out.push_back(s32);
        } else if (element->getUint32(u32, i).good()) {
            out.push_back(u32);
        } else {
            // DS/IS values are strings; an empty or malformed string (real files have them) counts as absent.
            OFString text;
            if (element->getOFString(text, i).good()) {
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (end != text.c_str()) {
                    out.push_back(v);
                    continue;
                }
            }
            return {};
        }
    }
    return out;
}

namespace {

DcmItem* sequenceItem(DcmItem& parent, const DcmTagKey& sequence, unsigned long index)
{
    DcmItem* item = nullptr;
    if (parent.findAndGetSequenceItem(sequence, item, static_cast<signed long>(index)).good()) {
        return item;
    }
    return nullptr;
}

// Enhanced multi-frame objects nest each attribute in a functional-group macro sequence.
std::vector<double> numbersInGroups(DcmItem& group, const DcmTagKey& tag)
{
    static const DcmTagKey kMacros[] = { DCM_PlanePositionSequence, DCM_PlaneOrientationSequence,
        DCM_PixelMeasuresSequence, DCM_PixelValueTransformationSequence, DCM_FrameVOILUTSequence };
    for (const auto& macro : kMacros) {
        if (DcmItem* item = sequenceItem(group, macro, 0)) {
            auto numbers = getNumbers(*item, tag);
            if (!numbers.empty()) {
                return numbers;
            }
        }
    }
    return {};
}

} // namespace

std::vector<double> getNumbersAnyLevel(DcmItem& dataset, const DcmTagKey& tag, int frame)
{
    auto numbers = getNumbers(dataset, tag);
    if (!numbers.empty()) {
        return numbers;
    }
    if (DcmItem* perFrame
        = sequenceItem(dataset, DCM_PerFrameFunctionalGroupsSequence, static_cast<unsigned long>(frame))) {
        numbers = numbersInGroups(*perFrame, tag);
        if (!numbers.empty()) {
            return numbers;
        }
    }
    if (DcmItem* shared = sequenceItem(dataset, DCM_SharedFunctionalGroupsSequence, 0)) {
        numbers = numbersInGroups(*shared, tag);
    }
    return numbers;
}

std::optional<Vec3> imagePosition(DcmItem& dataset, int frame)
{
    const auto p = getNumbersAnyLevel(dataset, DCM_ImagePositionPatient, frame);
    if (p.size() != 3 || !std::isfinite(p[0]) || !std::isfinite(p[1]) || !std::isfinite(p[2])) {
        return std::nullopt;
    }
    return Vec3 { p[0], p[1], p[2] };
}

std::optional<std::array<double, 6>> imageOrientation(DcmItem& dataset)
{
    const auto o = getNumbersAnyLevel(dataset, DCM_ImageOrientationPatient);
    if (o.size() != 6) {
        return std::nullopt;
    }
    const double rowNorm = std::sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
    const double colNorm = std::sqrt(o[3] * o[3] + o[4] * o[4] + o[5] * o[5]);
    if (!(rowNorm > 0.5 && rowNorm < 1.5 && colNorm > 0.5 && colNorm < 1.5)) {
        return std::nullopt;
    }
    std::array<double, 6> unit {};
    for (int i = 0; i < 3; ++i) {
        unit[i] = o[i] / rowNorm;
        unit[i + 3] = o[i + 3] / colNorm;
    }
    return unit;
}

InstanceInfo describeInstance(DcmItem& dataset, const std::string& path, const std::string& transferSyntaxUid)
{
    InstanceInfo info;
    info.path = path;
    info.sopInstanceUid = getString(dataset, DCM_SOPInstanceUID);
    info.sopClassUid = getString(dataset, DCM_SOPClassUID);
    info.transferSyntaxUid = transferSyntaxUid;
    info.instanceNumber = getInteger(dataset, DCM_InstanceNumber).value_or(0);
    // Out-of-range sizes read as 0 here; decoding reports them with the tag (dicom_pixel_decoder.cpp).
    const auto size = [&](const DcmTagKey& tag, int fallback, int maximum) {
        const auto value = getBoundedInteger(dataset, tag, fallback, 0, maximum, path);
        return value ? *value : 0;
    };
    info.rows = size(DCM_Rows, 0, 65535);
    info.columns = size(DCM_Columns, 0, 65535);
    info.frames = std::max(1, size(DCM_NumberOfFrames, 1, std::numeric_limits<int>::max()));
    info.position = imagePosition(dataset);
    info.orientation = imageOrientation(dataset);
    return info;
}

} // namespace dinolens::core::dicom
