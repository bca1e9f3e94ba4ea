#include "dinolens/core/dicom_tag_list.h"

#include <cstdio>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcelem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>

#include "dicom_file.h"
#include "dinolens/core/utf8_text.h"

namespace dinolens::core {
namespace {

// Elements longer than this were left on disk by the header-only open; reading them would load bulk data.
constexpr Uint32 kBulkLength = 4096;

std::string tagText(const DcmTagKey& key)
{
    char text[16];
    std::snprintf(text, sizeof text, "(%04X,%04X)", key.getGroup(), key.getElement());
    return text;
}

bool isBinaryVr(DcmEVR vr)
{
    return vr == EVR_OB || vr == EVR_OW || vr == EVR_OF || vr == EVR_OD || vr == EVR_OL || vr == EVR_UN
        || vr == EVR_pixelSQ || vr == EVR_ox;
}

std::string valueText(DcmObject& object, const DicomTagListOptions& options)
{
    if (object.isLeaf() == OFFalse) {
        auto& sequence = static_cast<DcmSequenceOfItems&>(object);
        // Appending instead of operator+ chains sidesteps GCC 12's false -Wrestrict on inlined std::string code.
        std::string text = "(sequence of ";
        text += std::to_string(sequence.card());
        text += " item(s))";
        return text;
    }
    const Uint32 length = object.getLength();
    if (isBinaryVr(object.ident()) || length > kBulkLength) {
        std::string text = "(";
        text += std::to_string(length);
        text += " bytes)";
        return text;
    }
    OFString value;
    if (static_cast<DcmElement&>(object).getOFStringArray(value).bad()) {
        return {};
    }
    std::string text(value.c_str());
    if (text.size() > options.maxValueLength) {
        text = text.substr(0, options.maxValueLength) + "...";
    }
    return toValidUtf8(text); // a cut or unconvertible character shows as U+FFFD
}

void appendItem(DcmItem& item, const DicomTagListOptions& options, std::vector<DicomTagEntry>& out)
{
    for (unsigned long i = 0; i < item.card(); ++i) {
        DcmElement* element = item.getElement(i);
        if (element == nullptr) {
            continue;
        }
        DcmTag tag = element->getTag();
        DicomTagEntry entry;
        entry.group = tag.getGroup();
        entry.element = tag.getElement();
        entry.tag = tagText(tag);
        entry.keyword = tag.getTagName();
        entry.vr = DcmVR(element->ident()).getVRName();
        entry.value = valueText(*element, options);
        out.push_back(std::move(entry));
    }
}

} // namespace

Result<std::vector<DicomTagEntry>> listDicomTags(const std::filesystem::path& path, const DicomTagListOptions& options)
{
    auto file = dicom::openDicomFile(path.string(), true);
    if (!file.ok()) {
        return file.error();
    }
    std::vector<DicomTagEntry> entries;
    if (DcmMetaInfo* meta = (*file)->format.getMetaInfo(); meta != nullptr) {
        appendItem(*meta, options, entries);
    }
    appendItem((*file)->dataset(), options, entries);
    return entries;
}

} // namespace dinolens::core
