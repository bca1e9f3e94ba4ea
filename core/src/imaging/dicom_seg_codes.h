#pragma once
// Coded concepts and value formatting shared by the DICOM SEG writer and reader. Private to core.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include <dcmtk/dcmiod/iodmacro.h>

#include "dinolens/core/polygon_label.h"

namespace dinolens::core {

/// Segmented Property Category: SNOMED CT "Morphologically Abnormal Structure" (CID 7150).
inline CodeSequenceMacro segCategoryCode()
{
    return CodeSequenceMacro("49755003", "SCT", "Morphologically Abnormal Structure");
}

/// Segmented Property Type: SNOMED CT "Neoplasm" (CID 7159); the tumour class is the segment label.
inline CodeSequenceMacro segTypeCode()
{
    return CodeSequenceMacro("108369006", "SCT", "Neoplasm");
}

/// A DICOM decimal string (DS, at most 16 characters) for a value in mm or a direction cosine.
inline OFString segDecimal(double value)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.10g", value);
    std::string s = text;
    for (int precision = 9; s.size() > 16 && precision > 1; --precision) {
        std::snprintf(text, sizeof(text), "%.*g", precision, value);
        s = text;
    }
    return s.c_str();
}

/// The segment label of a tumour class: its name, capitalised ("Glioma").
inline std::string segLabel(int classId)
{
    std::string label = tumorClassName(classId);
    if (!label.empty()) {
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    }
    return label;
}

/// The tumour class of a segment label (case-insensitive class name); 0 when unknown.
inline int segClassFromLabel(const std::string& label)
{
    for (int classId = 1; classId < kTumorClassCount; ++classId) {
        const std::string name = tumorClassName(classId);
        if (name.size() == label.size() && std::equal(name.begin(), name.end(), label.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            })) {
            return classId;
        }
    }
    return 0;
}

} // namespace dinolens::core
